using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.TestSupport;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Redis;

/// <summary>
/// On a cluster every idempotency record lives in its channel's slot (the hash tag {channelId}),
/// the slot of that channel's end users, so a script that writes a message's effects can also
/// write its record.
/// </summary>
[Collection(RedisClusterTests.Name)]
public sealed class RedisClusterIdempotencyStoreTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string prefix = RedisTestStores.NewPrefix();
    private RedisStore? store;

    public async Task InitializeAsync() => store = await RedisTestStores.StartAsync(RedisTestStores.Options(cluster.Configuration, prefix));

    public async Task DisposeAsync() => await store!.DisposeAsync();

    [Fact]
    public async Task RecordsOfChannelsInEverySlot_AreKeptAndFound_InTheSlotOfTheirChannelsEndUsers()
    {
        var slots = new HashSet<int>();
        for (var i = 0; i < 6; i++)
        {
            var channelId = Channel().Id;
            await store!.Idempotency.SetAsync(channelId, "m-" + i, [(byte)i], None).WithTimeout();

            Assert.Equal(new[] { (byte)i }, await store.Idempotency.TryGetAsync(channelId, "m-" + i, None).WithTimeout());
            var recordSlot = store.Multiplexer.HashSlot($"{prefix}:{{{channelId}}}:idem:m-{i}");
            Assert.Equal(store.Multiplexer.HashSlot($"{prefix}:{{{channelId}}}:eu:+15550000001"), recordSlot);
            slots.Add(recordSlot);
        }

        Assert.True(slots.Count > 1, "the channels should spread over several slots");
    }
}
