using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;

namespace MessagingChannelUsage.Routing.Tests.Routing;

/// <summary>
/// domain.md §4.1 (with §4.2) as a table: one row per branch, in rule order. Usage specs are
/// read by <see cref="TestChannels.FromSpec"/>; reply texts equal their channel field names.
/// </summary>
public class RouterInboundTests
{
    private const Handler None = Handler.None;
    private const Handler Omni = Handler.OmniChannel;
    private const Handler Journey = Handler.JourneyBuilder;
    private const ConsentStatus Implicit = ConsentStatus.ImplicitlyOptedIn;
    private const ConsentStatus Explicit = ConsentStatus.ExplicitlyOptedIn;
    private const ConsentStatus Doubly = ConsentStatus.DoublyOptedIn;
    private const ConsentStatus OptedOut = ConsentStatus.OptedOut;
    private const SessionOrigin Inbound = SessionOrigin.InboundInitiated;
    private const string Both = "Conversation=Active;MJ=Active,MJKeywordsOnly";
    private const string BothNonSession = "Conversation=Active;MJ=Active,NonSessionMessages";
    private const string BothNoOverride = "Conversation=Active;MJ=Active";
    private const string ServiceOnly = "Conversation=Active";
    private const string AllDisabled = "Conversation=Disabled;MJ=Disabled";

    // Columns: usages, text, consent before, open session,
    //   handler, reason, usage type, matched keyword, reply text, consent after,
    //   effect SetConsent, effect OpenSessionWithOrigin, needs end-user state.
    public static TheoryData<InboundRow> Rows => new()
    {
        // 1. Unknown channel, even for an opt-out keyword.
        Row("unknown", "hello", null, false, None, RoutingReason.ChannelNotFound, null, null, null, null, null, null, false),
        Row("unknown", "STOP", Implicit, false, None, RoutingReason.ChannelNotFound, null, null, null, Implicit, null, null, false),

        // 2. Opt-out keyword: before everything else, from any status, with or without an active usage.
        Row(ServiceOnly, "STOP", Implicit, false, None, RoutingReason.OptOutKeyword, null, "STOP", "OptOutConfirmation", OptedOut, OptedOut, null, false),
        Row(ServiceOnly, "  stop!! ", Doubly, true, None, RoutingReason.OptOutKeyword, null, "STOP", "OptOutConfirmation", OptedOut, OptedOut, null, false),
        Row(ServiceOnly, "Opt   Out.", null, false, None, RoutingReason.OptOutKeyword, null, "OPT OUT", "OptOutConfirmation", OptedOut, OptedOut, null, false),
        Row(ServiceOnly, "STOP", OptedOut, false, None, RoutingReason.OptOutKeyword, null, "STOP", "OptOutConfirmation", OptedOut, null, null, false),
        Row(AllDisabled, "STOP", Explicit, false, None, RoutingReason.OptOutKeyword, null, "STOP", "OptOutConfirmation", OptedOut, OptedOut, null, false),
        Row("", "unsubscribe", null, false, None, RoutingReason.OptOutKeyword, null, "UNSUBSCRIBE", "OptOutConfirmation", OptedOut, OptedOut, null, false),
        Row(Both, "ＳＴＯＰ", Implicit, false, None, RoutingReason.OptOutKeyword, null, "STOP", "OptOutConfirmation", OptedOut, OptedOut, null, false),

        // 3. No active usage: every other message stops here, keywords included.
        Row(AllDisabled, "YES", null, false, None, RoutingReason.NoActiveUsage, null, null, null, null, null, null, true),
        Row(AllDisabled, "hello", Implicit, false, None, RoutingReason.NoActiveUsage, null, null, null, Implicit, null, null, true),
        Row(AllDisabled, "JOIN now", null, false, None, RoutingReason.NoActiveUsage, null, null, null, null, null, null, true),
        // ... and reports the stored consent (domain.md §4.4a): an opted-out end user is never reported as never in contact.
        Row(AllDisabled, "hello", OptedOut, false, None, RoutingReason.NoActiveUsage, null, null, null, OptedOut, null, null, true),
        Row("", "hello", null, false, None, RoutingReason.NoActiveUsage, null, null, null, null, null, null, true),
        Row("Conversation=New;MJ=Provisioning", "hello", null, false, None, RoutingReason.NoActiveUsage, null, null, null, null, null, null, true),
        Row("Conversation=Error;MessagingEngagement=Deprovisioning", "HELP", null, false, None, RoutingReason.NoActiveUsage, null, null, null, null, null, null, true),

        // 4. Opt-in keyword: Explicit from null, Implicit and OptedOut; Doubly stays.
        Row(ServiceOnly, "YES", null, false, None, RoutingReason.OptInKeyword, null, "YES", "OptInConfirmation", Explicit, Explicit, null, true),
        Row(ServiceOnly, "start", Implicit, true, None, RoutingReason.OptInKeyword, null, "START", "OptInConfirmation", Explicit, Explicit, null, true),
        Row(ServiceOnly, "yes!", OptedOut, false, None, RoutingReason.OptInKeyword, null, "YES", "OptInConfirmation", Explicit, Explicit, null, true),
        Row(ServiceOnly, "YES", Explicit, false, None, RoutingReason.OptInKeyword, null, "YES", "OptInConfirmation", Explicit, null, null, true),
        Row(ServiceOnly, "YES", Doubly, false, None, RoutingReason.OptInKeyword, null, "YES", "OptInConfirmation", Doubly, null, null, true),
        // ... an active usage requiring DoubleOptIn makes the reply the DoubleOptInPrompt; an inactive one does not.
        Row("Conversation=Active,DoubleOptIn", "YES", Implicit, false, None, RoutingReason.OptInKeyword, null, "YES", "DoubleOptInPrompt", Explicit, Explicit, null, true),
        Row("Conversation=Active;MJ=Active,DoubleOptIn", "YES", null, false, None, RoutingReason.OptInKeyword, null, "YES", "DoubleOptInPrompt", Explicit, Explicit, null, true),
        Row("Conversation=Active;MJ=Disabled,DoubleOptIn", "YES", null, false, None, RoutingReason.OptInKeyword, null, "YES", "OptInConfirmation", Explicit, Explicit, null, true),
        Row("Conversation=Active,DoubleOptIn", "YES", Doubly, false, None, RoutingReason.OptInKeyword, null, "YES", "OptInConfirmation", Doubly, null, null, true),
        // ... double opt-in keyword counts only while ExplicitlyOptedIn; otherwise it is an ordinary message.
        Row(ServiceOnly, "confirm", Explicit, false, None, RoutingReason.OptInKeyword, null, "CONFIRM", "OptInConfirmation", Doubly, Doubly, null, true),
        Row(ServiceOnly, "CONFIRM", Implicit, false, Omni, RoutingReason.ServiceOnly, DeploymentType.Conversation, null, null, Implicit, null, Inbound, true),
        Row(ServiceOnly, "CONFIRM", null, true, Omni, RoutingReason.ServiceOnly, DeploymentType.Conversation, null, null, Implicit, Implicit, null, true),
        Row(ServiceOnly, "CONFIRM", Doubly, false, Omni, RoutingReason.ServiceOnly, DeploymentType.Conversation, null, null, Doubly, null, Inbound, true),
        Row(ServiceOnly, "CONFIRM", OptedOut, false, Omni, RoutingReason.ServiceOnly, DeploymentType.Conversation, null, null, OptedOut, null, Inbound, true),
        // ... help keyword: no consent change, the HelpResponse.
        Row(ServiceOnly, "Help?", Implicit, false, None, RoutingReason.HelpKeyword, null, "HELP", "HelpResponse", Implicit, null, null, true),
        Row(Both, "INFO", null, true, None, RoutingReason.HelpKeyword, null, "INFO", "HelpResponse", null, null, null, true),

        // 5. + 6. Ordinary message, only Conversation active: implicit consent to someone who has none, never to OptedOut.
        Row(ServiceOnly, "hello", null, false, Omni, RoutingReason.ServiceOnly, DeploymentType.Conversation, null, null, Implicit, Implicit, Inbound, true),
        Row(ServiceOnly, "hello", Explicit, true, Omni, RoutingReason.ServiceOnly, DeploymentType.Conversation, null, null, Explicit, null, null, true),
        Row(ServiceOnly, "hello", OptedOut, false, Omni, RoutingReason.ServiceOnly, DeploymentType.Conversation, null, null, OptedOut, null, Inbound, true),
        Row("Conversation=Active;MJ=Disabled,NonSessionMessages", "JOIN now", null, false, Omni, RoutingReason.ServiceOnly, DeploymentType.Conversation, "JOIN", null, Implicit, Implicit, Inbound, true),
        Row("Conversation=Active;MessagingEngagement=Error", "stop sending me offers", Implicit, false, Omni, RoutingReason.ServiceOnly, DeploymentType.Conversation, null, null, Implicit, null, Inbound, true),

        // 7. Only the marketing usage active (MJ, or MessagingEngagement).
        Row("MJ=Active", "hello", null, true, Journey, RoutingReason.MarketingOnly, DeploymentType.MJ, null, null, Implicit, Implicit, null, true),
        Row("Conversation=Disabled;MJ=Active", "JOIN now", Implicit, false, Journey, RoutingReason.MarketingOnly, DeploymentType.MJ, "JOIN", null, Implicit, null, null, true),
        Row("MessagingEngagement=Active", "hello", OptedOut, false, Journey, RoutingReason.MarketingOnly, DeploymentType.MessagingEngagement, null, null, OptedOut, null, null, true),

        // 8. Both active, MJKeywordsOnly.
        Row(Both, "hello", null, false, Omni, RoutingReason.NotAMarketingKeyword, DeploymentType.Conversation, null, null, Implicit, Implicit, Inbound, true),
        Row(Both, "hello", Implicit, true, Omni, RoutingReason.NotAMarketingKeyword, DeploymentType.Conversation, null, null, Implicit, null, null, true),
        Row(Both, "join now", Implicit, true, Omni, RoutingReason.ActiveServiceSession, DeploymentType.Conversation, "JOIN", null, Implicit, null, null, true),
        Row(Both, "JOIN! now", Implicit, false, Journey, RoutingReason.MarketingKeyword, DeploymentType.MJ, "JOIN", null, Implicit, null, null, true),
        Row(Both, "deals", null, false, Journey, RoutingReason.MarketingKeyword, DeploymentType.MJ, "DEALS", null, Implicit, Implicit, null, true),
        Row(Both, "I want to JOIN", null, false, Omni, RoutingReason.NotAMarketingKeyword, DeploymentType.Conversation, null, null, Implicit, Implicit, Inbound, true),
        // ... null RoutingOverride behaves as MJKeywordsOnly (decision), also for a MessagingEngagement usage.
        Row(BothNoOverride, "hello", Implicit, false, Omni, RoutingReason.NotAMarketingKeyword, DeploymentType.Conversation, null, null, Implicit, null, Inbound, true),
        Row(BothNoOverride, "JOIN", Implicit, false, Journey, RoutingReason.MarketingKeyword, DeploymentType.MJ, "JOIN", null, Implicit, null, null, true),
        Row("Conversation=Active;MessagingEngagement=Active", "JOIN", Implicit, false, Journey, RoutingReason.MarketingKeyword, DeploymentType.MessagingEngagement, "JOIN", null, Implicit, null, null, true),
        Row("Conversation=Active;MessagingEngagement=Active;MJ=Disabled,NonSessionMessages", "hello", Implicit, false, Omni, RoutingReason.NotAMarketingKeyword, DeploymentType.Conversation, null, null, Implicit, null, Inbound, true),

        // 8. Both active, NonSessionMessages (the active MJ governs over MessagingEngagement).
        Row(BothNonSession, "hello", Implicit, true, Omni, RoutingReason.ActiveServiceSession, DeploymentType.Conversation, null, null, Implicit, null, null, true),
        Row(BothNonSession, "hello", null, false, Journey, RoutingReason.NoActiveServiceSession, DeploymentType.MJ, null, null, Implicit, Implicit, null, true),
        Row(BothNonSession, "JOIN", Implicit, false, Journey, RoutingReason.NoActiveServiceSession, DeploymentType.MJ, "JOIN", null, Implicit, null, null, true),
        Row("Conversation=Active;MessagingEngagement=Active;MJ=Active,NonSessionMessages", "hello", Implicit, false, Journey, RoutingReason.NoActiveServiceSession, DeploymentType.MJ, null, null, Implicit, null, null, true),
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void DecideInbound_FollowsTheFirstRuleThatApplies(InboundRow row)
    {
        var snapshot = TestChannels.FromSpec(row.Usages);
        var user = TestChannels.User(row.Consent, row.OpenSession);

        var classification = snapshot is null ? default : Router.Classify(snapshot, row.Text);
        var decision = Router.DecideInbound(snapshot, classification, user);

        Assert.Equal(row.Handler, decision.Handler);
        Assert.Equal(row.Reason, decision.Reason);
        Assert.Equal(row.UsageType, decision.Usage?.DeploymentType);
        Assert.Equal(row.Keyword, decision.MatchedKeyword);
        Assert.Equal(row.Reply, decision.ReplyText);
        Assert.Equal(row.ConsentAfter, decision.ConsentAfter);
        Assert.Equal(row.SetConsent, decision.Effects.SetConsent);
        Assert.Equal(row.OpenSession_, decision.Effects.OpenSessionWithOrigin);
        Assert.Equal(row.NeedsState, Router.NeedsEndUserState(snapshot, classification));
        Assert.Equal(RulesRestated.Inbound(row.Reason), decision.Rule);
        Assert.Equal(decision, Router.RouteInbound(snapshot, row.Text, user));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void DecideInbound_WithoutAReadWhenNotNeeded_GivesTheSameAnswer(InboundRow row)
    {
        var snapshot = TestChannels.FromSpec(row.Usages);
        var classification = snapshot is null ? default : Router.Classify(snapshot, row.Text);
        if (Router.NeedsEndUserState(snapshot, classification))
        {
            return;
        }

        var withState = Router.DecideInbound(snapshot, classification, TestChannels.User(row.Consent, row.OpenSession));
        var withoutState = Router.DecideInbound(snapshot, classification, EndUserState.Unknown);

        Assert.Equal(withState.Handler, withoutState.Handler);
        Assert.Equal(withState.Reason, withoutState.Reason);
        Assert.Equal(withState.ReplyText, withoutState.ReplyText);
        Assert.Equal(withState.ConsentAfter ?? row.Consent, withoutState.ConsentAfter ?? row.Consent);
    }

    [Fact]
    public void RouteInbound_MarketingKeywordWithOpenSession_GoesToOmniChannel()
    {
        var snapshot = TestChannels.FromSpec(Both)!;

        var decision = Router.RouteInbound(snapshot, "JOIN", TestChannels.User(ConsentStatus.ImplicitlyOptedIn, openSession: true));

        Assert.Equal(Handler.OmniChannel, decision.Handler);
        Assert.Equal(RoutingReason.ActiveServiceSession, decision.Reason);
        Assert.True(decision.NeedsSession);
    }

    [Fact]
    public void RouteInbound_MatchedKeyword_IsTheSnapshotsOwnInstance()
    {
        var snapshot = TestChannels.FromSpec(Both)!;
        var expected = snapshot.Keywords.Find("JOIN")!.Keyword;

        var decision = Router.RouteInbound(snapshot, "join us", EndUserState.Unknown);

        Assert.Same(expected, decision.MatchedKeyword);
    }

    private static InboundRow Row(
        string usages, string text, ConsentStatus? consent, bool openSession,
        Handler handler, RoutingReason reason, DeploymentType? usageType, string? keyword, string? reply,
        ConsentStatus? consentAfter, ConsentStatus? setConsent, SessionOrigin? openSessionOrigin, bool needsState)
        => new(usages, text, consent, openSession, handler, reason, usageType, keyword, reply, consentAfter, setConsent, openSessionOrigin, needsState);
}

/// <summary>One row of the inbound table (a record so xunit shows it readably).</summary>
public sealed record InboundRow(
    string Usages, string Text, ConsentStatus? Consent, bool OpenSession,
    Handler Handler, RoutingReason Reason, DeploymentType? UsageType, string? Keyword, string? Reply,
    ConsentStatus? ConsentAfter, ConsentStatus? SetConsent, SessionOrigin? OpenSession_, bool NeedsState);
