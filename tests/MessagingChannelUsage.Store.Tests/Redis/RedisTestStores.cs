using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.Store.Tests.Contract;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Store.Tests.Redis;

/// <summary>Redis stores for tests: a fresh key prefix each, so tests on one server never meet.</summary>
public static class RedisTestStores
{
    public static StoreOptions Options(string configuration, string? prefix = null) => new()
    {
        Kind = StoreKind.Redis,
        RedisConnectionString = configuration + ",connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000",
        RedisKeyPrefix = prefix ?? NewPrefix(),
    };

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    public static async Task<RedisStore> StartAsync(StoreOptions options)
    {
        var store = new RedisStore(options);
        await store.StartAsync().WithTimeout();
        return store;
    }

    public static StoreUnderTest AsUnderTest(this RedisStore store) =>
        new(store.Channels, store.Usages, store.States, store.Changes, store.EndUsers, store.Sessions, store.Schedule, store.QuerySnapshots);
}
