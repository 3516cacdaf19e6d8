using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.Store.Tests.Redis;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Store.Tests.Changes;

/// <summary>Two store instances over one Redis key space: two gateways writing, watchers on either.</summary>
public abstract class RedisChangeLogContractTestsBase : ChangeLogContractTests, IAsyncLifetime
{
    private readonly List<RedisStore> stores = [];

    protected abstract string Configuration { get; }

    protected override IChangeLog Log => stores[1].ChangeLog;

    protected override (IChannelRepository Channels, IUsageRepository Usages) Writer(int index) => (stores[index].Channels, stores[index].Usages);

    public async Task InitializeAsync()
    {
        var prefix = RedisTestStores.NewPrefix();
        stores.Add(await RedisTestStores.StartAsync(RedisTestStores.Options(Configuration, prefix)));
        stores.Add(await RedisTestStores.StartAsync(RedisTestStores.Options(Configuration, prefix)));
    }

    public async Task DisposeAsync()
    {
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }

    protected override async Task<(IChannelRepository Channels, IChangeLog Log)> StoreWithRetentionAsync(TimeSpan retention)
    {
        var options = RedisTestStores.Options(Configuration);
        options.ChangeRetention = retention;
        var store = await RedisTestStores.StartAsync(options);
        stores.Add(store);
        return (store.Channels, store.ChangeLog);
    }

    // Stream ids are the Redis server's clock: only real time passes there.
    protected override Task PassTimeAsync(TimeSpan duration) => Task.Delay(duration);
}

[Collection(RedisServerTests.Name)]
public sealed class RedisChangeLogContractTests(RedisServerFixture redis) : RedisChangeLogContractTestsBase
{
    protected override string Configuration => redis.Endpoint;
}

[Collection(RedisClusterTests.Name)]
public sealed class RedisClusterChangeLogContractTests(RedisClusterFixture cluster) : RedisChangeLogContractTestsBase
{
    protected override string Configuration => cluster.Configuration;
}
