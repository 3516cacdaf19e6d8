using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Routing;

/// <summary>Which consent keyword list a whole message matched, if any (domain.md §4.2).</summary>
public enum ConsentKeywordKind { None = 0, OptOut, OptIn, DoubleOptIn, Help }

/// <summary>
/// A message classified against a snapshot's keyword tables: done once per message, before the
/// end user's state is read, so the caller can skip that read when the rule does not need it.
/// <paramref name="WholeMessage"/> is the keyword the whole message equals (a consent keyword or
/// a WHOLE_MESSAGE custom keyword), <paramref name="FirstWord"/> the one its first word equals
/// (a marketing keyword or a FIRST_WORD custom keyword). Entries are the snapshot's own (no allocation).
/// </summary>
public readonly record struct InboundClassification(KeywordEntry? WholeMessage, KeywordEntry? FirstWord)
{
    /// <summary>Which consent list the whole message matched, if any (domain.md §4.2).</summary>
    public ConsentKeywordKind ConsentKeyword => WholeMessage?.Kind switch
    {
        KeywordKind.OptOut => ConsentKeywordKind.OptOut,
        KeywordKind.OptIn => ConsentKeywordKind.OptIn,
        KeywordKind.DoubleOptIn => ConsentKeywordKind.DoubleOptIn,
        KeywordKind.Help => ConsentKeywordKind.Help,
        _ => ConsentKeywordKind.None,
    };

    /// <summary>The consent keyword matched (normalised), or null.</summary>
    public string? ConsentKeywordText => ConsentKeyword == ConsentKeywordKind.None ? null : WholeMessage!.Keyword;

    /// <summary>The marketing keyword the first word matched, or null.</summary>
    public KeywordEntry? Marketing => FirstWord is { Kind: KeywordKind.Marketing } entry ? entry : null;

    /// <summary>The marketing keyword the first word matched (normalised), or null.</summary>
    public string? MarketingKeyword => Marketing?.Keyword;

    /// <summary>The custom keyword matched: a WHOLE_MESSAGE one before a FIRST_WORD one; null if none.</summary>
    public KeywordEntry? Custom => WholeMessage is { Kind: KeywordKind.Custom } whole
        ? whole
        : FirstWord is { Kind: KeywordKind.Custom } first ? first : null;
}

/// <summary>
/// The routing decision of domain.md §4.1 (inbound) and §4.4 (outbound): pure functions of an
/// immutable snapshot, the end user's state and the message. They never throw and allocate nothing.
/// </summary>
/// <remarks>
/// Decisions that the spec leaves open, in one place:
/// <list type="bullet">
/// <item><see cref="RoutingDecision.Usage"/> is the usage of the handler that takes the message;
/// it is null whenever the handler is None.</item>
/// <item>An ordinary message from an OptedOut end user is still routed (rules 6-8) and opens a
/// session like any other; consent stays OptedOut (rule 5: only an opt-in keyword undoes an
/// opt-out). Outbound to that user is refused (§4.4 rule 2), so the business can only answer
/// once the user opts in again.</item>
/// <item>The opt-in reply is the DoubleOptInPrompt when an active usage requires DoubleOptIn and
/// the user is not DoublyOptedIn yet; a user who already is gets the OptInConfirmation.</item>
/// <item>An opt-out decided without the end user's state (<see cref="NeedsEndUserState"/> is
/// false) always carries SetConsent = OptedOut: the store applies it unconditionally.</item>
/// <item>MatchedKeyword is the consent keyword for rules 2 and 4, else the marketing keyword when
/// the first word matched one (also under MARKETING_ONLY, NonSessionMessages, for Journey Builder).</item>
/// <item>Keyword sets (domain.md §8): the reply comes from the set whose keyword matched, each text
/// falling back to the channel's; Language is that set's tag (also for a marketing keyword of a
/// set). A consent keyword of a set records the set's language on the end user; a keyword of the
/// default lists leaves the recorded language as it is.</item>
/// <item>Custom keywords (rule "inbound.custom", between rules 4 and 5): only without an open
/// session; the handler is route_to when its usage is active, else NONE; an Omni-Channel answer
/// opens a session as rule 6 would; implicit consent as for any ordinary message. An OptedOut end
/// user gets the reply too (as HELP answers them): it answers their own message.</item>
/// <item>An outbound sender other than OmniChannel or JourneyBuilder names no usage: NONE,
/// USAGE_NOT_ACTIVE (the gateway rejects such a request before it gets here).</item>
/// </list>
/// </remarks>
public static class Router
{
    public static InboundClassification Classify(ChannelSnapshot snapshot, ReadOnlySpan<char> text)
        => snapshot is null ? default : snapshot.Keywords.Classify(text);

    /// <summary>
    /// False when the inbound decision needs no read: unknown channel (no end user can exist) and an
    /// opt-out keyword (the answer is OptedOut whatever was stored). Every other rule reads consent
    /// (implicit consent, opt-in, or only the consent reported back: NO_ACTIVE_USAGE and HELP report
    /// the stored consent, domain.md §4.4a, so an opted-out end user is never reported as unknown)
    /// or the open session.
    /// </summary>
    public static bool NeedsEndUserState(ChannelSnapshot? snapshot, in InboundClassification classification)
        => snapshot is not null
           && classification.ConsentKeyword != ConsentKeywordKind.OptOut;

    public static RoutingDecision DecideInbound(ChannelSnapshot? snapshot, in InboundClassification classification, in EndUserState user)
    {
        var decision = DecideInboundReason(snapshot, classification, user);
        return decision with { Rule = DecisionRules.Inbound(decision.Reason) };
    }

    private static RoutingDecision DecideInboundReason(ChannelSnapshot? snapshot, in InboundClassification classification, in EndUserState user)
    {
        var consent = user.ConsentStatus;

        // 1. Unknown channel.
        if (snapshot is null)
        {
            return None(RoutingReason.ChannelNotFound, consent);
        }

        var channel = snapshot.Channel;

        // 2. Opt-out keyword: compliance first, even with no active usage.
        if (classification.WholeMessage is { Kind: KeywordKind.OptOut } optOut)
        {
            return new RoutingDecision(
                Handler.None,
                RoutingReason.OptOutKeyword,
                Usage: null,
                optOut.Keyword,
                optOut.Replies.OptOutConfirmation,
                ConsentStatus.OptedOut,
                KeywordEffects(user, ConsentStatus.OptedOut, optOut),
                optOut.Language);
        }

        // 3. Nothing is active: no message passes.
        if (!snapshot.AnyActive)
        {
            return None(RoutingReason.NoActiveUsage, consent);
        }

        // 4. Other consent keywords (double opt-in only counts while ExplicitlyOptedIn).
        if (classification.WholeMessage is { } keywordEntry)
        {
            switch (keywordEntry.Kind)
            {
                case KeywordKind.OptIn:
                {
                    var after = Consent.AfterOptIn(consent);
                    var reply = after != ConsentStatus.DoublyOptedIn && snapshot.AnyActiveRequiresDoubleOptIn
                        ? keywordEntry.Replies.DoubleOptInPrompt
                        : keywordEntry.Replies.OptInConfirmation;
                    return KeywordDecision(RoutingReason.OptInKeyword, keywordEntry, reply, after, user);
                }

                case KeywordKind.DoubleOptIn when consent == ConsentStatus.ExplicitlyOptedIn:
                    return KeywordDecision(
                        RoutingReason.OptInKeyword, keywordEntry, keywordEntry.Replies.OptInConfirmation, ConsentStatus.DoublyOptedIn, user);

                case KeywordKind.Help:
                    return KeywordDecision(RoutingReason.HelpKeyword, keywordEntry, keywordEntry.Replies.HelpResponse, consent, user);
            }
        }

        // inbound.custom (domain.md §8): a custom keyword, only when no conversation is open (an
        // open conversation goes to its agent, rule 8).
        if (classification.Custom is { Custom: { } custom } customEntry && !user.HasOpenSession)
        {
            return CustomKeywordDecision(snapshot, customEntry, custom, consent);
        }

        // 5. An ordinary message: implicit consent to someone who has none (never to OptedOut).
        var consentAfter = Consent.AfterOrdinaryMessage(consent);
        var newConsent = consentAfter != consent ? consentAfter : (ConsentStatus?)null;
        var keyword = classification.MarketingKeyword;
        var language = classification.Marketing?.Language;

        // 6. Only the Conversation usage is active.
        if (!snapshot.MarketingActive)
        {
            return ToOmniChannel(snapshot, RoutingReason.ServiceOnly, keyword, language, consentAfter, newConsent, user);
        }

        // 7. Only the marketing usage is active.
        if (!snapshot.ConversationActive)
        {
            return ToJourneyBuilder(snapshot, RoutingReason.MarketingOnly, keyword, language, consentAfter, newConsent);
        }

        // 8. Both active: the marketing usage's RoutingOverride (null behaves as MJKeywordsOnly).
        if (snapshot.Marketing!.RoutingOverride == RoutingOverride.NonSessionMessages)
        {
            return user.HasOpenSession
                ? ToOmniChannel(snapshot, RoutingReason.ActiveServiceSession, keyword, language, consentAfter, newConsent, user)
                : ToJourneyBuilder(snapshot, RoutingReason.NoActiveServiceSession, keyword, language, consentAfter, newConsent);
        }

        if (keyword is null)
        {
            return ToOmniChannel(snapshot, RoutingReason.NotAMarketingKeyword, null, null, consentAfter, newConsent, user);
        }

        return user.HasOpenSession
            ? ToOmniChannel(snapshot, RoutingReason.ActiveServiceSession, keyword, language, consentAfter, newConsent, user)
            : ToJourneyBuilder(snapshot, RoutingReason.MarketingKeyword, keyword, language, consentAfter, newConsent);
    }

    /// <summary>Classify + decide in one call.</summary>
    public static RoutingDecision RouteInbound(ChannelSnapshot? snapshot, ReadOnlySpan<char> text, in EndUserState user)
        => snapshot is null
            ? DecideInbound(null, default, user)
            : DecideInbound(snapshot, Classify(snapshot, text), user);

    /// <summary>Outbound: <paramref name="sender"/> is OmniChannel or JourneyBuilder.</summary>
    /// <remarks>Every outbound decision reports the end user's preferred language (domain.md §8), so a connector can pick a template.</remarks>
    public static RoutingDecision DecideOutbound(ChannelSnapshot? snapshot, in EndUserState user, Handler sender)
    {
        var decision = DecideOutboundReason(snapshot, user, sender);
        return decision with { Rule = DecisionRules.Outbound(decision.Reason) };
    }

    private static RoutingDecision DecideOutboundReason(ChannelSnapshot? snapshot, in EndUserState user, Handler sender)
    {
        var consent = user.ConsentStatus;
        var language = user.PreferredLanguage;

        // 1. Unknown channel.
        if (snapshot is null)
        {
            return None(RoutingReason.ChannelNotFound, consent);
        }

        // 2. Opted out: nobody messages this user.
        if (consent == ConsentStatus.OptedOut)
        {
            return None(RoutingReason.OptedOut, consent, language);
        }

        // 3. An open session wins whatever the sender and the RoutingOverride.
        var inSession = user.HasOpenSession;
        var candidate = inSession ? Handler.OmniChannel : sender;
        var usage = candidate is Handler.OmniChannel or Handler.JourneyBuilder ? snapshot.UsageOf(candidate) : null;

        // 4. The candidate's usage must be active.
        if (usage is not { IsActive: true })
        {
            return None(RoutingReason.UsageNotActive, consent, language);
        }

        // 5. Consent must meet the usage's ConsentType, inside a session too.
        if (!Consent.Meets(consent, usage.ConsentType))
        {
            return None(RoutingReason.ConsentRequired, consent, language);
        }

        // 6. Allowed; an agent's first message opens a session.
        var effects = candidate == Handler.OmniChannel && !inSession
            ? new EndUserEffects(null, SessionOrigin.AgentInitiated)
            : EndUserEffects.None;
        return new RoutingDecision(
            candidate,
            inSession ? RoutingReason.ActiveServiceSession : RoutingReason.SenderAllowed,
            usage,
            MatchedKeyword: null,
            ReplyText: null,
            consent,
            effects,
            language);
    }

    private static RoutingDecision None(RoutingReason reason, ConsentStatus? consent, string? language = null)
        => new(Handler.None, reason, null, null, null, consent, EndUserEffects.None, language);

    /// <summary>A consent keyword answered by the gateway (rules 2 and 4): NONE with the set's reply.</summary>
    private static RoutingDecision KeywordDecision(RoutingReason reason, KeywordEntry entry, string? reply, ConsentStatus? after, in EndUserState user)
        => new(Handler.None, reason, null, entry.Keyword, reply, after, KeywordEffects(user, after, entry), entry.Language);

    /// <summary>
    /// The consent change (if any) and, for a keyword of a set, the language it records when the
    /// end user's differs. A keyword of the default lists leaves the language as it is.
    /// </summary>
    private static EndUserEffects KeywordEffects(in EndUserState user, ConsentStatus? after, KeywordEntry entry)
    {
        var setConsent = after is { } status && status != user.ConsentStatus ? status : (ConsentStatus?)null;
        var setLanguage = entry.Language is { } language && !string.Equals(language, user.PreferredLanguage, StringComparison.Ordinal)
            ? language
            : null;
        return new EndUserEffects(setConsent, null, setLanguage);
    }

    /// <summary>
    /// inbound.custom: the custom keyword's reply; handler route_to when its usage is active, else
    /// NONE; implicit consent as rule 5 gives; an Omni-Channel answer opens a session (there is
    /// none open, or this rule would not apply).
    /// </summary>
    private static RoutingDecision CustomKeywordDecision(ChannelSnapshot snapshot, KeywordEntry entry, CustomKeyword custom, ConsentStatus? consent)
    {
        var consentAfter = Consent.AfterOrdinaryMessage(consent);
        var newConsent = consentAfter != consent ? consentAfter : (ConsentStatus?)null;
        var usage = snapshot.UsageOf(custom.RouteTo);
        var handler = usage is { IsActive: true } ? custom.RouteTo : Handler.None;
        return new RoutingDecision(
            handler,
            RoutingReason.CustomKeyword,
            handler == Handler.None ? null : usage,
            entry.Keyword,
            string.IsNullOrEmpty(custom.ReplyText) ? null : custom.ReplyText,
            consentAfter,
            new EndUserEffects(newConsent, handler == Handler.OmniChannel ? SessionOrigin.InboundInitiated : null),
            entry.Language);
    }

    private static RoutingDecision ToOmniChannel(
        ChannelSnapshot snapshot,
        RoutingReason reason,
        string? keyword,
        string? language,
        ConsentStatus consentAfter,
        ConsentStatus? newConsent,
        in EndUserState user)
        => new(
            Handler.OmniChannel,
            reason,
            snapshot.Conversation,
            keyword,
            null,
            consentAfter,
            new EndUserEffects(newConsent, user.HasOpenSession ? null : SessionOrigin.InboundInitiated),
            language);

    private static RoutingDecision ToJourneyBuilder(
        ChannelSnapshot snapshot,
        RoutingReason reason,
        string? keyword,
        string? language,
        ConsentStatus consentAfter,
        ConsentStatus? newConsent)
        => new(
            Handler.JourneyBuilder,
            reason,
            snapshot.Marketing,
            keyword,
            null,
            consentAfter,
            new EndUserEffects(newConsent, null),
            language);
}
