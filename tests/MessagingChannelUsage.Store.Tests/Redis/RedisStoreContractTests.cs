using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.Store.Tests.Contract;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Store.Tests.Redis;

/// <summary>The store contract against a standalone redis-server.</summary>
[Collection(RedisServerTests.Name)]
public sealed class RedisStoreContractTests(RedisServerFixture redis) : StoreContractTests, IAsyncLifetime
{
    private RedisStore? store;

    protected override StoreUnderTest Store => store!.AsUnderTest();

    public async Task InitializeAsync() => store = await RedisTestStores.StartAsync(RedisTestStores.Options(redis.Endpoint));

    public async Task DisposeAsync() => await store!.DisposeAsync();
}

/// <summary>The store contract against a 3-master Redis Cluster (every script stays in one slot).</summary>
[Collection(RedisClusterTests.Name)]
public sealed class RedisClusterStoreContractTests(RedisClusterFixture cluster) : StoreContractTests, IAsyncLifetime
{
    private RedisStore? store;

    protected override StoreUnderTest Store => store!.AsUnderTest();

    public async Task InitializeAsync() => store = await RedisTestStores.StartAsync(RedisTestStores.Options(cluster.Configuration));

    public async Task DisposeAsync() => await store!.DisposeAsync();
}

/// <summary>Query snapshots and paging against a standalone redis-server.</summary>
[Collection(RedisServerTests.Name)]
public sealed class RedisQuerySnapshotContractTests(RedisServerFixture redis) : QuerySnapshotContractTests, IAsyncLifetime
{
    private RedisStore? store;

    protected override StoreUnderTest Store => store!.AsUnderTest();

    public async Task InitializeAsync() => store = await RedisTestStores.StartAsync(RedisTestStores.Options(redis.Endpoint));

    public async Task DisposeAsync() => await store!.DisposeAsync();
}

/// <summary>Query snapshots and paging against a 3-master Redis Cluster.</summary>
[Collection(RedisClusterTests.Name)]
public sealed class RedisClusterQuerySnapshotContractTests(RedisClusterFixture cluster) : QuerySnapshotContractTests, IAsyncLifetime
{
    private RedisStore? store;

    protected override StoreUnderTest Store => store!.AsUnderTest();

    public async Task InitializeAsync() => store = await RedisTestStores.StartAsync(RedisTestStores.Options(cluster.Configuration));

    public async Task DisposeAsync() => await store!.DisposeAsync();
}
