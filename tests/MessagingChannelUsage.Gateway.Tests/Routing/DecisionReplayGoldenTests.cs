using System.Text;
using MessagingChannelUsage.Gateway.Routing;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Gateway.Tests.Routing;

/// <summary>
/// The stored idempotency record, byte for byte. A record written by one version is replayed by
/// the next (it lives 24 h in Redis, across a rolling deploy), so a change of this format must be
/// deliberate: this test fails on any change and says what the stored bytes were. Issue 12 changed
/// the format from JSON to the wire's RoutingDecision protobuf; the JSON records of the previous
/// version are still replayed.
/// </summary>
public sealed class DecisionReplayGoldenTests
{
    /// <summary>
    /// messaging.v1.RoutingDecision of <see cref="Answer"/> (replayed left out), 108 bytes, made
    /// independently of this code: <c>protoc --encode=messaging.v1.RoutingDecision</c> on its text format.
    /// </summary>
    private const string GoldenProtobufHex =
        "0a036d2d311002180a2212304d753030303030303030303030314141412a12304d7730303030303030303030303141414132044a4f494e3802420c57656c636f6d65206261636b5a12305041303030303030303030303031414141620265737209696e626f756e642e387803";

    /// <summary>The previous version's record: JSON, property names as declared, enums by their wire numbers, nulls left out.</summary>
    private const string LegacyJson =
        """{"MessageId":"m-1","Handler":2,"Reason":10,"UsageId":"0Mu000000000001AAA","SessionId":"0Mw000000000001AAA","MatchedKeyword":"JOIN","ConsentStatus":2,"ReplyText":"Welcome back","EndUserId":"0PA000000000001AAA","Language":"es","Replayed":false,"Rule":"inbound.8","ConfigVersion":3,"DryRun":false}""";

    private static readonly RoutedMessage Answer = new()
    {
        MessageId = "m-1",
        Handler = Handler.OmniChannel,
        Reason = RoutingReason.ActiveServiceSession,
        UsageId = "0Mu000000000001AAA",
        SessionId = "0Mw000000000001AAA",
        MatchedKeyword = "JOIN",
        ConsentStatus = ConsentStatus.ExplicitlyOptedIn,
        ReplyText = "Welcome back",
        EndUserId = "0PA000000000001AAA",
        Language = "es",
        Rule = "inbound.8",
        ConfigVersion = 3,
    };

    [Fact]
    public async Task TheStoredRecord_IsTheGoldenProtobuf()
    {
        var store = new RecordingIdempotencyStore();

        await new DecisionReplay(store).SaveAsync("0Mj000000000001AAA", "m-1", Answer with { Replayed = true }, CancellationToken.None);

        Assert.Equal(GoldenProtobufHex, Convert.ToHexStringLower(store.Saved!));
    }

    [Fact]
    public async Task TheGoldenRecord_IsReplayedAsTheSameAnswer_MarkedReplayed()
    {
        var store = new RecordingIdempotencyStore { Saved = Convert.FromHexString(GoldenProtobufHex) };

        var replayed = DecisionReplay.Replayed((await new DecisionReplay(store).FindAsync("0Mj000000000001AAA", "m-1", CancellationToken.None))!);

        Assert.Equal(Answer with { Replayed = true }, replayed);
    }

    [Fact]
    public async Task ARecordOfThePreviousVersion_IsReplayedAsTheSameAnswer_MarkedReplayed()
    {
        var store = new RecordingIdempotencyStore { Saved = Encoding.UTF8.GetBytes(LegacyJson) };

        var replayed = DecisionReplay.Replayed((await new DecisionReplay(store).FindAsync("0Mj000000000001AAA", "m-1", CancellationToken.None))!);

        Assert.Equal(Answer with { Replayed = true }, replayed);
    }

    [Fact]
    public async Task ARecordWithoutTheOptionalFields_IsReplayedWithThemNull()
    {
        // handler = HANDLER_NONE (field 2), reason = ROUTING_REASON_CHANNEL_NOT_FOUND (field 3).
        var store = new RecordingIdempotencyStore { Saved = [0x10, 0x01, 0x18, 0x01] };

        var replayed = DecisionReplay.Replayed((await new DecisionReplay(store).FindAsync("0Mj000000000001AAA", "m-1", CancellationToken.None))!);

        Assert.Equal(new RoutedMessage { Handler = Handler.None, Reason = RoutingReason.ChannelNotFound, Replayed = true }, replayed);
    }

    [Fact]
    public async Task ARecordOfThePreviousVersionWithoutTheOptionalFields_IsReplayedWithThemNull()
    {
        var store = new RecordingIdempotencyStore { Saved = Encoding.UTF8.GetBytes("""{"Handler":1,"Reason":1}""") };

        var replayed = DecisionReplay.Replayed((await new DecisionReplay(store).FindAsync("0Mj000000000001AAA", "m-1", CancellationToken.None))!);

        Assert.Equal(new RoutedMessage { Handler = Handler.None, Reason = RoutingReason.ChannelNotFound, Replayed = true }, replayed);
    }

    [Fact]
    public async Task ARecordKeptWithTheEffects_ThePrefixPlusTheStoresFields_IsReplayedAsTheSameAnswer()
    {
        // What the Redis Apply script appends (RedisScripts.Apply): end_user_id, session_id, consent_status.
        var write = DecisionReplay.WithEffects("m-1", Answer, withSessionId: true);
        byte[] appended =
        [
            0x5A, 18, .. Encoding.UTF8.GetBytes(Answer.EndUserId!),
            0x2A, 18, .. Encoding.UTF8.GetBytes(Answer.SessionId!),
            0x38, (byte)ConsentStatus.ExplicitlyOptedIn,
        ];
        var store = new RecordingIdempotencyStore { Saved = [.. write.Prefix, .. appended] };

        var replayed = DecisionReplay.Replayed((await new DecisionReplay(store).FindAsync("0Mj000000000001AAA", "m-1", CancellationToken.None))!);

        Assert.Equal(Answer with { Replayed = true }, replayed);
        Assert.True(write.WithSessionId);
    }

    [Fact]
    public void TheFieldsAStoreAppends_AreTheRoutingDecisionFieldsOfTheSameName()
    {
        Assert.Equal(Protos.V1.RoutingDecision.EndUserIdFieldNumber, IdempotencyRecordWrite.EndUserIdField);
        Assert.Equal(Protos.V1.RoutingDecision.SessionIdFieldNumber, IdempotencyRecordWrite.SessionIdField);
        Assert.Equal(Protos.V1.RoutingDecision.ConsentStatusFieldNumber, IdempotencyRecordWrite.ConsentStatusField);

        // The tags the Lua script writes: field number << 3 | wire type (2 length-delimited, 0 varint).
        Assert.Equal(0x5A, (IdempotencyRecordWrite.EndUserIdField << 3) | 2);
        Assert.Equal(0x2A, (IdempotencyRecordWrite.SessionIdField << 3) | 2);
        Assert.Equal(0x38, IdempotencyRecordWrite.ConsentStatusField << 3);
    }

    /// <summary>Holds the one payload the replay writes or reads; the stores' own tests cover storing it.</summary>
    private sealed class RecordingIdempotencyStore : IIdempotencyStore
    {
        public byte[]? Saved { get; set; }

        public Task<byte[]?> TryGetAsync(string channelId, string messageId, CancellationToken cancellationToken) => Task.FromResult(Saved);

        public Task SetAsync(string channelId, string messageId, byte[] payload, CancellationToken cancellationToken)
        {
            Saved = payload;
            return Task.CompletedTask;
        }
    }
}
