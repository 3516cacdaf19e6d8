using System.Globalization;
using System.Text;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Memory;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.TestSupport;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Redis;

/// <summary>
/// Issue 12, "a message id costs no extra round trip": the Apply script keeps the message's
/// idempotency record with its effects, as the caller's prefix followed by what only the write
/// knows (end-user id, open session, consent) as protobuf fields.
/// </summary>
public sealed class RedisApplyKeepsIdempotencyRecordTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly byte[] Prefix = [0x0A, 0x02, (byte)'m', (byte)'1'];
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
    public async Task AnApplyWithARecord_KeepsThePrefixFollowedByEndUserIdSessionAndConsent_ForTheConfiguredTime()
    {
        var channelId = await ChannelAsync();

        var result = await store!.EndUsers.ApplyAsync(
            channelId, "+15550001", EndUserState.Unknown, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated), T0,
            new IdempotencyRecordWrite("m1", Prefix, WithSessionId: true), None).WithTimeout();

        Assert.True(result.Applied);
        Assert.True(result.RecordKept);
        var expected = Prefix
            .Concat(Field(0x5A, result.State.EndUserId!))
            .Concat(Field(0x2A, result.State.OpenSessionId!))
            .Concat(new byte[] { 0x38, (byte)ConsentStatus.ImplicitlyOptedIn });
        Assert.Equal(expected, await store.Idempotency.TryGetAsync(channelId, "m1", None).WithTimeout());
        var ttl = long.Parse((await server!.CliAsync("ttl", $"{prefix}:{{{channelId}}}:idem:m1")).Trim(), CultureInfo.InvariantCulture);
        Assert.InRange(ttl, TimeSpan.FromHours(23).TotalSeconds, TimeSpan.FromHours(24).TotalSeconds);
    }

    [Fact]
    public async Task ARecordThatNamesNoSession_LeavesTheOpenSessionOut()
    {
        var channelId = await ChannelAsync();
        var opened = await store!.EndUsers.ApplyAsync(
            channelId, "+15550002", null, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated), T0, None).WithTimeout();

        var result = await store.EndUsers.ApplyAsync(
            channelId, "+15550002", null, new EndUserEffects(ConsentStatus.OptedOut, null), T0.AddSeconds(1),
            new IdempotencyRecordWrite("m2", Prefix, WithSessionId: false), None).WithTimeout();

        Assert.NotNull(opened.State.OpenSessionId);
        Assert.True(result.RecordKept);
        var expected = Prefix.Concat(Field(0x5A, result.State.EndUserId!)).Concat(new byte[] { 0x38, (byte)ConsentStatus.OptedOut });
        Assert.Equal(expected, await store.Idempotency.TryGetAsync(channelId, "m2", None).WithTimeout());
    }

    [Fact]
    public async Task AnApplyRefusedBecauseTheEndUserChanged_KeepsNoRecord()
    {
        var channelId = await ChannelAsync();
        await store!.EndUsers.ApplyAsync(channelId, "+15550003", null, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, null), T0, None).WithTimeout();

        var result = await store.EndUsers.ApplyAsync(
            channelId, "+15550003", EndUserState.Unknown, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated), T0,
            new IdempotencyRecordWrite("m3", Prefix, WithSessionId: true), None).WithTimeout();

        Assert.False(result.Applied);
        Assert.False(result.RecordKept);
        Assert.Null(await store.Idempotency.TryGetAsync(channelId, "m3", None).WithTimeout());
    }

    [Fact]
    public async Task TheInProcessStore_LeavesTheRecordToItsCaller()
    {
        var memory = new MemoryStore();
        var channel = Channel();
        await memory.Channels.InsertAsync(channel, None).WithTimeout();

        var result = await memory.EndUsers.ApplyAsync(
            channel.Id, "+15550004", null, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, null), T0,
            new IdempotencyRecordWrite("m4", Prefix, WithSessionId: false), None).WithTimeout();

        Assert.True(result.Applied);
        Assert.False(result.RecordKept);
    }

    /// <summary>A protobuf length-delimited field (the ids are shorter than 128 bytes: one length byte).</summary>
    internal static byte[] Field(byte tag, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return [tag, (byte)bytes.Length, .. bytes];
    }

    private async Task<string> ChannelAsync()
    {
        var channel = Channel();
        await store!.Channels.InsertAsync(channel, None).WithTimeout();
        return channel.Id;
    }
}
