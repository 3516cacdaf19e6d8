using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;

namespace MessagingChannelUsage.Routing.Tests.Routing;

/// <summary>domain.md §4.4 as a table: one row per branch, in rule order.</summary>
public class RouterOutboundTests
{
    private const Handler None = Handler.None;
    private const Handler Omni = Handler.OmniChannel;
    private const Handler Journey = Handler.JourneyBuilder;
    private const ConsentStatus Implicit = ConsentStatus.ImplicitlyOptedIn;
    private const ConsentStatus Explicit = ConsentStatus.ExplicitlyOptedIn;
    private const ConsentStatus Doubly = ConsentStatus.DoublyOptedIn;
    private const ConsentStatus OptedOut = ConsentStatus.OptedOut;
    private const string Both = "Conversation=Active;MJ=Active,MJKeywordsOnly";

    public static TheoryData<OutboundRow> Rows => new()
    {
        // 1. Unknown channel.
        Row("unknown", Implicit, true, Omni, None, RoutingReason.ChannelNotFound, null, null),
        // 2. Opted out, even inside a session and with everything active.
        Row(Both, OptedOut, true, Omni, None, RoutingReason.OptedOut, null, null),
        Row(Both, OptedOut, false, Journey, None, RoutingReason.OptedOut, null, null),
        Row("", OptedOut, false, Journey, None, RoutingReason.OptedOut, null, null),
        // 3. + 6. An open session makes Omni-Channel the candidate whatever the sender and override.
        Row(Both, Implicit, true, Journey, Omni, RoutingReason.ActiveServiceSession, DeploymentType.Conversation, null),
        Row("Conversation=Active;MJ=Active,NonSessionMessages", Implicit, true, Omni, Omni, RoutingReason.ActiveServiceSession, DeploymentType.Conversation, null),
        // 4. The candidate's usage is not active (or missing).
        Row("Conversation=Disabled;MJ=Active", Implicit, true, Journey, None, RoutingReason.UsageNotActive, null, null),
        Row("Conversation=Active;MJ=Provisioning", Implicit, false, Journey, None, RoutingReason.UsageNotActive, null, null),
        Row("MJ=Active", Implicit, false, Omni, None, RoutingReason.UsageNotActive, null, null),
        Row("", Implicit, false, Omni, None, RoutingReason.UsageNotActive, null, null),
        Row(Both, Implicit, false, None, None, RoutingReason.UsageNotActive, null, null),
        // 5. Consent must meet the candidate usage's ConsentType (null and ImplicitOptIn need Implicit).
        Row(Both, null, false, Omni, None, RoutingReason.ConsentRequired, null, null),
        Row(Both, null, false, Journey, None, RoutingReason.ConsentRequired, null, null),
        Row("Conversation=Active,ImplicitOptIn", null, false, Omni, None, RoutingReason.ConsentRequired, null, null),
        Row("Conversation=Active,ExplicitOptIn", Implicit, false, Omni, None, RoutingReason.ConsentRequired, null, null),
        Row("Conversation=Active,ExplicitOptIn", Implicit, true, Journey, None, RoutingReason.ConsentRequired, null, null),
        Row("MJ=Active,DoubleOptIn", Explicit, false, Journey, None, RoutingReason.ConsentRequired, null, null),
        // 6. Allowed: SENDER_ALLOWED; an agent's first message opens a session.
        Row(Both, Implicit, false, Omni, Omni, RoutingReason.SenderAllowed, DeploymentType.Conversation, SessionOrigin.AgentInitiated),
        Row(Both, Implicit, false, Journey, Journey, RoutingReason.SenderAllowed, DeploymentType.MJ, null),
        Row("Conversation=Active,ExplicitOptIn", Explicit, false, Omni, Omni, RoutingReason.SenderAllowed, DeploymentType.Conversation, SessionOrigin.AgentInitiated),
        Row("Conversation=Active,ExplicitOptIn", Doubly, true, Omni, Omni, RoutingReason.ActiveServiceSession, DeploymentType.Conversation, null),
        Row("MJ=Active,DoubleOptIn", Doubly, false, Journey, Journey, RoutingReason.SenderAllowed, DeploymentType.MJ, null),
        Row("Conversation=Active;MessagingEngagement=Active;MJ=Disabled", Implicit, false, Journey, Journey, RoutingReason.SenderAllowed, DeploymentType.MessagingEngagement, null),
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void DecideOutbound_FollowsTheFirstRuleThatApplies(OutboundRow row)
    {
        var snapshot = TestChannels.FromSpec(row.Usages);
        var user = TestChannels.User(row.Consent, row.OpenSession);

        var decision = Router.DecideOutbound(snapshot, user, row.Sender);

        Assert.Equal(row.Handler, decision.Handler);
        Assert.Equal(row.Reason, decision.Reason);
        Assert.Equal(row.UsageType, decision.Usage?.DeploymentType);
        Assert.Equal(row.OpenSessionOrigin, decision.Effects.OpenSessionWithOrigin);
        Assert.Null(decision.Effects.SetConsent);
        Assert.Equal(row.Consent, decision.ConsentAfter);
        Assert.Equal(RulesRestated.Outbound(row.Reason), decision.Rule);
    }

    [Fact]
    public void DecideOutbound_ClosedSession_DoesNotCountAsOpen()
    {
        var snapshot = TestChannels.FromSpec(Both);
        var user = new EndUserState("0PA000000000001AAA", ConsentStatus.ImplicitlyOptedIn, "0Mw000000000001AAA", SessionStatus.Ended);

        var decision = Router.DecideOutbound(snapshot, user, Handler.JourneyBuilder);

        Assert.Equal(Handler.JourneyBuilder, decision.Handler);
        Assert.Equal(RoutingReason.SenderAllowed, decision.Reason);
    }

    private static OutboundRow Row(
        string usages, ConsentStatus? consent, bool openSession, Handler sender,
        Handler handler, RoutingReason reason, DeploymentType? usageType, SessionOrigin? openSessionOrigin)
        => new(usages, consent, openSession, sender, handler, reason, usageType, openSessionOrigin);
}

public sealed record OutboundRow(
    string Usages, ConsentStatus? Consent, bool OpenSession, Handler Sender,
    Handler Handler, RoutingReason Reason, DeploymentType? UsageType, SessionOrigin? OpenSessionOrigin);
