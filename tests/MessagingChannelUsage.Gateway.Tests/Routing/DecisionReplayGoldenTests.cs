using System.Text;
using MessagingChannelUsage.Gateway.Routing;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Gateway.Tests.Routing;

/// <summary>
/// The stored idempotency record, byte for byte. A record written by one version is replayed by
/// the next (it lives 24 h in Redis, across a rolling deploy), so a change of this format must be
/// deliberate: this test fails on any change and says what the stored bytes were.
/// </summary>
public sealed class DecisionReplayGoldenTests
{
    /// <summary>JSON, property names as declared, enums by their wire numbers, nulls left out.</summary>
    private const string Golden =
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
    public async Task TheStoredRecord_IsTheGoldenJson()
    {
        var store = new RecordingIdempotencyStore();

        await new DecisionReplay(store).SaveAsync("0Mj000000000001AAA", "m-1", Answer with { Replayed = true }, CancellationToken.None);

        Assert.Equal(Golden, Encoding.UTF8.GetString(store.Saved!));
    }

    [Fact]
    public async Task TheGoldenRecord_IsReplayedAsTheSameAnswer_MarkedReplayed()
    {
        var store = new RecordingIdempotencyStore { Saved = Encoding.UTF8.GetBytes(Golden) };

        var replayed = await new DecisionReplay(store).FindAsync("0Mj000000000001AAA", "m-1", CancellationToken.None);

        Assert.Equal(Answer with { Replayed = true }, replayed);
    }

    [Fact]
    public async Task ARecordWithoutTheOptionalFields_IsReplayedWithThemNull()
    {
        var store = new RecordingIdempotencyStore { Saved = Encoding.UTF8.GetBytes("""{"Handler":1,"Reason":1}""") };

        var replayed = await new DecisionReplay(store).FindAsync("0Mj000000000001AAA", "m-1", CancellationToken.None);

        Assert.Equal(new RoutedMessage { Handler = Handler.None, Reason = RoutingReason.ChannelNotFound, Replayed = true }, replayed);
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
