using MessagingChannelUsage.Gateway.Routing;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Tests.Routing;

/// <summary>
/// RouteStream reuses a reply object once it was written (StreamReplies): a reused reply must
/// carry nothing of its previous answer, and an error item is never reused.
/// </summary>
public sealed class StreamRepliesTests
{
    /// <summary>Every field of the reply set (dry run and replayed too).</summary>
    private static readonly RoutedMessage Everything = new()
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
        Replayed = true,
        Rule = "inbound.8",
        ConfigVersion = 3,
        DryRun = true,
    };

    /// <summary>Nothing but the handler and the reason.</summary>
    private static readonly RoutedMessage Nothing = new() { Handler = Handler.None, Reason = RoutingReason.ChannelNotFound };

    [Fact]
    public void AnAnswerMappedIntoAReusedReply_EqualsTheSameAnswerInANewReply()
    {
        var reused = RoutingMapping.ToProto(Everything);

        RoutingMapping.ToProto(Nothing, reused);

        Assert.Equal(RoutingMapping.ToProto(Nothing), reused);
        Assert.Equal(RoutingMapping.ToProto(Nothing).CalculateSize(), reused.CalculateSize());
    }

    [Fact]
    public void AReplyWritten_IsRentedAgain_AndANewOneWhenNoneWasWritten()
    {
        var replies = new StreamReplies(capacity: 2);
        var first = replies.Rent();
        var second = replies.Rent();
        Assert.NotSame(first, second);

        replies.Return(first);

        Assert.Same(first, replies.Rent());
        Assert.NotSame(first, replies.Rent());
    }

    [Fact]
    public void AnErrorItem_IsNeverRentedAgain()
    {
        var replies = new StreamReplies(capacity: 2);
        var error = RoutingMapping.ToErrorItem("m-1", new DomainException(ErrorKind.InvalidArgument, ErrorCodes.RequiredFieldMissing, "platform_key", "required"));

        replies.Return(error);

        Assert.NotSame(error, replies.Rent());
    }

    [Fact]
    public void RepliesBeyondTheCapacity_AreNotKept()
    {
        var replies = new StreamReplies(capacity: 1);
        var kept = new Proto.RoutingDecision();
        var dropped = new Proto.RoutingDecision();

        replies.Return(kept);
        replies.Return(dropped);

        Assert.Same(kept, replies.Rent());
        var next = replies.Rent();
        Assert.NotSame(dropped, next);
        Assert.NotSame(kept, next);
    }
}
