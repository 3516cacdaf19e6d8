using System.Globalization;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Redis;

/// <summary>
/// The Redis store's idempotency records (issue 12): a plain string with its expiry, in its
/// channel's slot, and the hash records of the previous version (IDistributedCache) still found
/// during a rolling deploy.
/// </summary>
public sealed class RedisIdempotencyStoreTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string prefix = RedisTestStores.NewPrefix();
    private RedisServer? server;
    private RedisStore? store;

    public async Task InitializeAsync()
    {
        server = await RedisServer.StartAsync();
        store = await RedisTestStores.StartAsync(RedisTestStores.Options(server.Endpoint, prefix));
    }

    public async Task DisposeAsync()
    {
        await store!.DisposeAsync();
        await server!.DisposeAsync();
    }

    [Fact]
    public async Task ARecord_IsOneStringThatExpiresWithTheConfiguredTimeToLive()
    {
        var channelId = Channel().Id;

        await store!.Idempotency.SetAsync(channelId, "m-1", [1, 2, 3], None).WithTimeout();

        var key = $"{prefix}:{{{channelId}}}:idem:m-1";
        Assert.Equal("string", (await server!.CliAsync("type", key)).Trim());
        var ttl = long.Parse((await server.CliAsync("ttl", key)).Trim(), CultureInfo.InvariantCulture);
        Assert.InRange(ttl, TimeSpan.FromHours(23).TotalSeconds, TimeSpan.FromHours(24).TotalSeconds);
        Assert.Equal([1, 2, 3], await store.Idempotency.TryGetAsync(channelId, "m-1", None).WithTimeout());
    }

    [Fact]
    public async Task AMessageNeverSeen_HasNoRecord()
    {
        Assert.Null(await store!.Idempotency.TryGetAsync(Channel().Id, "never-sent", None).WithTimeout());
    }

    [Fact]
    public async Task ARecordWrittenByThePreviousVersion_IsStillFound()
    {
        // The previous version kept records through the StackExchange.Redis IDistributedCache
        // (a hash of absexp/sldexp/data) on the same key.
        var channelId = Channel().Id;
        using var previousVersion = new RedisCache(new RedisCacheOptions
        {
            InstanceName = prefix + ":",
            ConnectionMultiplexerFactory = () => Task.FromResult(store!.Multiplexer),
        });
        await previousVersion.SetAsync(
            "{" + channelId + "}:idem:m-old", [9, 8, 7], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) }, None).WithTimeout();

        Assert.Equal("hash", (await server!.CliAsync("type", $"{prefix}:{{{channelId}}}:idem:m-old")).Trim());
        Assert.Equal([9, 8, 7], await store!.Idempotency.TryGetAsync(channelId, "m-old", None).WithTimeout());
    }
}
