using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Abstractions;
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

    [Fact]
    public async Task TheApplyScript_KeepsTheRecordWithTheEffects_ForChannelsInEverySlot()
    {
        var slots = new HashSet<int>();
        for (var i = 0; i < 6; i++)
        {
            var channel = Channel();
            await store!.Channels.InsertAsync(channel, None).WithTimeout();
            byte[] prefix = [0x0A, 0x01, (byte)('0' + i)];

            var result = await store.EndUsers.ApplyAsync(
                channel.Id, "+15550000001", EndUserState.Unknown, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated), T0,
                new IdempotencyRecordWrite("m-" + i, prefix, WithSessionId: true), None).WithTimeout();

            Assert.True(result.RecordKept);
            var record = await store.Idempotency.TryGetAsync(channel.Id, "m-" + i, None).WithTimeout();
            Assert.Equal(
                prefix.Concat(RedisApplyKeepsIdempotencyRecordTests.Field(0x5A, result.State.EndUserId!))
                    .Concat(RedisApplyKeepsIdempotencyRecordTests.Field(0x2A, result.State.OpenSessionId!))
                    .Concat(new byte[] { 0x38, (byte)ConsentStatus.ImplicitlyOptedIn }),
                record);
            slots.Add(store.Multiplexer.HashSlot($"{this.prefix}:{{{channel.Id}}}:channel"));
        }

        Assert.True(slots.Count > 1, "the channels should spread over several slots");
    }
}
