using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;

namespace MessagingChannelUsage.Routing.Tests.Routing;

/// <summary>
/// domain.md §8 as a table over <see cref="TestChannels.Multilingual"/>: keyword sets (the
/// matched set's reply, the fallback to the channel's text, the language reported and recorded)
/// and custom keywords (after rule 4, only without an open session, handler = route_to when its
/// usage is active, implicit consent).
/// </summary>
public class RouterKeywordSetTests
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
    private const string ServiceOnly = "Conversation=Active";
    private const string MarketingOnly = "MJ=Active";
    private const string AllDisabled = "Conversation=Disabled;MJ=Disabled";
    private const DeploymentType Conversation = DeploymentType.Conversation;
    private const DeploymentType MJ = DeploymentType.MJ;

    // Columns: usages, text, consent before, open session, preferred language before,
    //   handler, reason, usage type, matched keyword, reply text, language,
    //   consent after, effect SetConsent, effect SetPreferredLanguage, effect OpenSessionWithOrigin.
    public static TheoryData<KeywordRow> Rows => new()
    {
        // Rule 2 with a set: the set's confirmation, its language reported and recorded, even with nothing active.
        Row(ServiceOnly, "baja", Implicit, false, null, None, RoutingReason.OptOutKeyword, null, "BAJA", "es:OptOutConfirmation", "es", OptedOut, OptedOut, "es", null),
        Row(AllDisabled, "¡Alto!", Explicit, false, null, None, RoutingReason.OptOutKeyword, null, "ALTO", "es:OptOutConfirmation", "es", OptedOut, OptedOut, "es", null),
        Row(ServiceOnly, "BAJA", OptedOut, false, "es", None, RoutingReason.OptOutKeyword, null, "BAJA", "es:OptOutConfirmation", "es", OptedOut, null, null, null),
        Row(ServiceOnly, "sair", Implicit, true, "es", None, RoutingReason.OptOutKeyword, null, "SAIR", "pt-BR:OptOutConfirmation", "pt-BR", OptedOut, OptedOut, "pt-BR", null),
        // ... the default lists: the channel's text, no language, the recorded language left alone.
        Row(ServiceOnly, "STOP", Implicit, false, "es", None, RoutingReason.OptOutKeyword, null, "STOP", "OptOutConfirmation", null, OptedOut, OptedOut, null, null),

        // Rule 3 still comes before a set's other keywords and before custom keywords.
        Row(AllDisabled, "alta", null, false, null, None, RoutingReason.NoActiveUsage, null, null, null, null, null, null, null, null),
        Row(AllDisabled, "hours", Implicit, false, null, None, RoutingReason.NoActiveUsage, null, null, null, null, Implicit, null, null, null),

        // Rule 4 with a set: the set's reply, and its fallback to the channel's text where the set has none.
        Row(ServiceOnly, "alta", null, false, null, None, RoutingReason.OptInKeyword, null, "ALTA", "es:OptInConfirmation", "es", Explicit, Explicit, "es", null),
        Row("Conversation=Active,DoubleOptIn", "ALTA", Implicit, false, null, None, RoutingReason.OptInKeyword, null, "ALTA", "es:DoubleOptInPrompt", "es", Explicit, Explicit, "es", null),
        Row(ServiceOnly, "confirmar", Explicit, false, "es", None, RoutingReason.OptInKeyword, null, "CONFIRMAR", "es:OptInConfirmation", "es", Doubly, Doubly, null, null),
        Row(ServiceOnly, "¿Ayuda?", Implicit, false, null, None, RoutingReason.HelpKeyword, null, "AYUDA", "es:HelpResponse", "es", Implicit, null, "es", null),
        Row(ServiceOnly, "ajuda", Implicit, false, "es", None, RoutingReason.HelpKeyword, null, "AJUDA", "HelpResponse", "pt-BR", Implicit, null, "pt-BR", null),
        Row(ServiceOnly, "sim", Implicit, false, null, None, RoutingReason.OptInKeyword, null, "SIM", "OptInConfirmation", "pt-BR", Explicit, Explicit, "pt-BR", null),
        Row("Conversation=Active,DoubleOptIn", "sim", Implicit, false, null, None, RoutingReason.OptInKeyword, null, "SIM", "DoubleOptInPrompt", "pt-BR", Explicit, Explicit, "pt-BR", null),
        // ... a set's double opt-in keyword outside ExplicitlyOptedIn is an ordinary message (no language recorded).
        Row(ServiceOnly, "CONFIRMAR", Implicit, false, null, Omni, RoutingReason.ServiceOnly, Conversation, null, null, null, Implicit, null, null, Inbound),

        // A set's marketing keyword matches the first word like the default ones and reports the set's language.
        Row(Both, "unirse ya", Implicit, false, null, Journey, RoutingReason.MarketingKeyword, MJ, "UNIRSE", null, "es", Implicit, null, null, null),
        Row(Both, "unirse", Implicit, true, null, Omni, RoutingReason.ActiveServiceSession, Conversation, "UNIRSE", null, "es", Implicit, null, null, null),
        Row(Both, "JOIN now", Implicit, false, "es", Journey, RoutingReason.MarketingKeyword, MJ, "JOIN", null, null, Implicit, null, null, null),

        // inbound.custom: after rule 4, no open session → CUSTOM_KEYWORD with its reply; route_to NONE answers only.
        Row(Both, "Hours?", null, false, null, None, RoutingReason.CustomKeyword, null, "HOURS", "Open 9-5", null, Implicit, Implicit, null, null),
        Row(ServiceOnly, "hours", Implicit, false, null, None, RoutingReason.CustomKeyword, null, "HOURS", "Open 9-5", null, Implicit, null, null, null),
        // ... an OptedOut end user gets the answer too, and stays OptedOut (rule 5).
        Row(ServiceOnly, "hours", OptedOut, false, null, None, RoutingReason.CustomKeyword, null, "HOURS", "Open 9-5", null, OptedOut, null, null, null),
        // ... an open session beats a custom keyword: the conversation's agent gets it.
        Row(Both, "hours", Implicit, true, null, Omni, RoutingReason.NotAMarketingKeyword, Conversation, null, null, null, Implicit, null, null, null),
        Row(ServiceOnly, "agente", Implicit, true, null, Omni, RoutingReason.ServiceOnly, Conversation, null, null, null, Implicit, null, null, null),
        // ... route_to with its usage active: that handler (Omni-Channel opens a session); the custom keyword's language.
        Row(Both, "agente", null, false, null, Omni, RoutingReason.CustomKeyword, Conversation, "AGENTE", "Te paso con un agente", "es", Implicit, Implicit, null, Inbound),
        Row(Both, "price of the blue one?", Implicit, false, null, Journey, RoutingReason.CustomKeyword, MJ, "PRICE", "Prices: example.com/p", "en", Implicit, null, null, null),
        // ... route_to whose usage is not active: NONE, the reply still goes out.
        Row(ServiceOnly, "price list", Implicit, false, null, None, RoutingReason.CustomKeyword, null, "PRICE", "Prices: example.com/p", "en", Implicit, null, null, null),
        Row(MarketingOnly, "AGENTE", Implicit, false, null, None, RoutingReason.CustomKeyword, null, "AGENTE", "Te paso con un agente", "es", Implicit, null, null, null),
        // ... a FIRST_WORD custom keyword needs the first word; WHOLE_MESSAGE the whole message.
        Row(ServiceOnly, "what price", Implicit, false, null, Omni, RoutingReason.ServiceOnly, Conversation, null, null, null, Implicit, null, null, Inbound),
        Row(ServiceOnly, "hours today", Implicit, false, null, Omni, RoutingReason.ServiceOnly, Conversation, null, null, null, Implicit, null, null, Inbound),
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void DecideInbound_WithKeywordSetsAndCustomKeywords_FollowsDomainSection8(KeywordRow row)
    {
        var snapshot = TestChannels.MultilingualFromSpec(row.Usages);
        var user = TestChannels.User(row.Consent, row.OpenSession) with { PreferredLanguage = row.PreferredLanguage };

        var decision = Router.RouteInbound(snapshot, row.Text, user);

        Assert.Equal(row.Handler, decision.Handler);
        Assert.Equal(row.Reason, decision.Reason);
        Assert.Equal(row.UsageType, decision.Usage?.DeploymentType);
        Assert.Equal(row.Keyword, decision.MatchedKeyword);
        Assert.Equal(row.Reply, decision.ReplyText);
        Assert.Equal(row.Language, decision.Language);
        Assert.Equal(row.ConsentAfter, decision.ConsentAfter);
        Assert.Equal(row.SetConsent, decision.Effects.SetConsent);
        Assert.Equal(row.SetLanguage, decision.Effects.SetPreferredLanguage);
        Assert.Equal(row.OpenSessionOrigin, decision.Effects.OpenSessionWithOrigin);
        Assert.Equal(RulesRestated.Inbound(row.Reason), decision.Rule);
    }

    [Fact]
    public void DecideInbound_SetOptOutWithoutARead_RecordsTheLanguageUnconditionally()
    {
        // Rule 2 needs no read: the store applies the effect as it is, so it must carry the language.
        var snapshot = TestChannels.MultilingualFromSpec(ServiceOnly);
        var classification = Router.Classify(snapshot, "baja");

        Assert.False(Router.NeedsEndUserState(snapshot, classification));
        var decision = Router.DecideInbound(snapshot, classification, EndUserState.Unknown);
        Assert.Equal(new EndUserEffects(OptedOut, null, "es"), decision.Effects);
    }

    [Theory]
    [InlineData(Handler.OmniChannel, "es", RoutingReason.SenderAllowed)]
    [InlineData(Handler.JourneyBuilder, "pt-BR", RoutingReason.SenderAllowed)]
    [InlineData(Handler.JourneyBuilder, null, RoutingReason.SenderAllowed)]
    public void DecideOutbound_ReportsThePreferredLanguage(Handler sender, string? language, RoutingReason reason)
    {
        var snapshot = TestChannels.MultilingualFromSpec(Both);
        var user = TestChannels.User(Implicit, openSession: false) with { PreferredLanguage = language };

        var decision = Router.DecideOutbound(snapshot, user, sender);

        Assert.Equal(reason, decision.Reason);
        Assert.Equal(language, decision.Language);
    }

    [Fact]
    public void DecideOutbound_ToAnOptedOutUser_StillReportsTheirLanguage()
    {
        var snapshot = TestChannels.MultilingualFromSpec(Both);
        var user = TestChannels.User(OptedOut, openSession: false) with { PreferredLanguage = "es" };

        var decision = Router.DecideOutbound(snapshot, user, Handler.JourneyBuilder);

        Assert.Equal(RoutingReason.OptedOut, decision.Reason);
        Assert.Equal("es", decision.Language);
    }

    private static KeywordRow Row(
        string usages, string text, ConsentStatus? consent, bool openSession, string? preferredLanguage,
        Handler handler, RoutingReason reason, DeploymentType? usageType, string? keyword, string? reply, string? language,
        ConsentStatus? consentAfter, ConsentStatus? setConsent, string? setLanguage, SessionOrigin? openSessionOrigin)
        => new(usages, text, consent, openSession, preferredLanguage, handler, reason, usageType, keyword, reply, language,
            consentAfter, setConsent, setLanguage, openSessionOrigin);
}

/// <summary>One row of the keyword-set table (a record so xunit shows it readably).</summary>
public sealed record KeywordRow(
    string Usages, string Text, ConsentStatus? Consent, bool OpenSession, string? PreferredLanguage,
    Handler Handler, RoutingReason Reason, DeploymentType? UsageType, string? Keyword, string? Reply, string? Language,
    ConsentStatus? ConsentAfter, ConsentStatus? SetConsent, string? SetLanguage, SessionOrigin? OpenSessionOrigin);
