using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Routing;

/// <summary>Which consent keyword list a whole message matched, if any (domain.md §4.2).</summary>
public enum ConsentKeywordKind { None = 0, OptOut, OptIn, DoubleOptIn, Help }

/// <summary>
/// A message classified against a snapshot's keyword sets: done once per message, before the
/// end user's state is read, so the caller can skip that read when the rule does not need it.
/// Strings are the snapshot's own keyword instances (no allocation).
/// </summary>
public readonly record struct InboundClassification(
    ConsentKeywordKind ConsentKeyword,
    string? ConsentKeywordText,
    string? MarketingKeyword);

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
        var consent = user.ConsentStatus;

        // 1. Unknown channel.
        if (snapshot is null)
        {
            return None(RoutingReason.ChannelNotFound, consent);
        }

        var channel = snapshot.Channel;

        // 2. Opt-out keyword: compliance first, even with no active usage.
        if (classification.ConsentKeyword == ConsentKeywordKind.OptOut)
        {
            return new RoutingDecision(
                Handler.None,
                RoutingReason.OptOutKeyword,
                Usage: null,
                classification.ConsentKeywordText,
                channel.OptOutConfirmation,
                ConsentStatus.OptedOut,
                SetConsent(consent, ConsentStatus.OptedOut));
        }

        // 3. Nothing is active: no message passes.
        if (!snapshot.AnyActive)
        {
            return None(RoutingReason.NoActiveUsage, consent);
        }

        // 4. Other consent keywords (double opt-in only counts while ExplicitlyOptedIn).
        switch (classification.ConsentKeyword)
        {
            case ConsentKeywordKind.OptIn:
            {
                var after = Consent.AfterOptIn(consent);
                var reply = after != ConsentStatus.DoublyOptedIn && snapshot.AnyActiveRequiresDoubleOptIn
                    ? channel.DoubleOptInPrompt
                    : channel.OptInConfirmation;
                return new RoutingDecision(
                    Handler.None, RoutingReason.OptInKeyword, null, classification.ConsentKeywordText, reply, after,
                    SetConsent(consent, after));
            }

            case ConsentKeywordKind.DoubleOptIn when consent == ConsentStatus.ExplicitlyOptedIn:
                return new RoutingDecision(
                    Handler.None, RoutingReason.OptInKeyword, null, classification.ConsentKeywordText,
                    channel.OptInConfirmation, ConsentStatus.DoublyOptedIn,
                    SetConsent(consent, ConsentStatus.DoublyOptedIn));

            case ConsentKeywordKind.Help:
                return new RoutingDecision(
                    Handler.None, RoutingReason.HelpKeyword, null, classification.ConsentKeywordText,
                    channel.HelpResponse, consent, EndUserEffects.None);
        }

        // 5. An ordinary message: implicit consent to someone who has none (never to OptedOut).
        var consentAfter = Consent.AfterOrdinaryMessage(consent);
        var newConsent = consentAfter != consent ? consentAfter : (ConsentStatus?)null;
        var keyword = classification.MarketingKeyword;

        // 6. Only the Conversation usage is active.
        if (!snapshot.MarketingActive)
        {
            return ToOmniChannel(snapshot, RoutingReason.ServiceOnly, keyword, consentAfter, newConsent, user);
        }

        // 7. Only the marketing usage is active.
        if (!snapshot.ConversationActive)
        {
            return ToJourneyBuilder(snapshot, RoutingReason.MarketingOnly, keyword, consentAfter, newConsent);
        }

        // 8. Both active: the marketing usage's RoutingOverride (null behaves as MJKeywordsOnly).
        if (snapshot.Marketing!.RoutingOverride == RoutingOverride.NonSessionMessages)
        {
            return user.HasOpenSession
                ? ToOmniChannel(snapshot, RoutingReason.ActiveServiceSession, keyword, consentAfter, newConsent, user)
                : ToJourneyBuilder(snapshot, RoutingReason.NoActiveServiceSession, keyword, consentAfter, newConsent);
        }

        if (keyword is null)
        {
            return ToOmniChannel(snapshot, RoutingReason.NotAMarketingKeyword, null, consentAfter, newConsent, user);
        }

        return user.HasOpenSession
            ? ToOmniChannel(snapshot, RoutingReason.ActiveServiceSession, keyword, consentAfter, newConsent, user)
            : ToJourneyBuilder(snapshot, RoutingReason.MarketingKeyword, keyword, consentAfter, newConsent);
    }

    /// <summary>Classify + decide in one call.</summary>
    public static RoutingDecision RouteInbound(ChannelSnapshot? snapshot, ReadOnlySpan<char> text, in EndUserState user)
        => snapshot is null
            ? DecideInbound(null, default, user)
            : DecideInbound(snapshot, Classify(snapshot, text), user);

    /// <summary>Outbound: <paramref name="sender"/> is OmniChannel or JourneyBuilder.</summary>
    public static RoutingDecision DecideOutbound(ChannelSnapshot? snapshot, in EndUserState user, Handler sender)
    {
        var consent = user.ConsentStatus;

        // 1. Unknown channel.
        if (snapshot is null)
        {
            return None(RoutingReason.ChannelNotFound, consent);
        }

        // 2. Opted out: nobody messages this user.
        if (consent == ConsentStatus.OptedOut)
        {
            return None(RoutingReason.OptedOut, consent);
        }

        // 3. An open session wins whatever the sender and the RoutingOverride.
        var inSession = user.HasOpenSession;
        var candidate = inSession ? Handler.OmniChannel : sender;
        var usage = candidate is Handler.OmniChannel or Handler.JourneyBuilder ? snapshot.UsageOf(candidate) : null;

        // 4. The candidate's usage must be active.
        if (usage is not { IsActive: true })
        {
            return None(RoutingReason.UsageNotActive, consent);
        }

        // 5. Consent must meet the usage's ConsentType, inside a session too.
        if (!Consent.Meets(consent, usage.ConsentType))
        {
            return None(RoutingReason.ConsentRequired, consent);
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
            effects);
    }

    private static RoutingDecision None(RoutingReason reason, ConsentStatus? consent)
        => new(Handler.None, reason, null, null, null, consent, EndUserEffects.None);

    private static EndUserEffects SetConsent(ConsentStatus? current, ConsentStatus after)
        => current == after ? EndUserEffects.None : new EndUserEffects(after, null);

    private static RoutingDecision ToOmniChannel(
        ChannelSnapshot snapshot,
        RoutingReason reason,
        string? keyword,
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
            new EndUserEffects(newConsent, user.HasOpenSession ? null : SessionOrigin.InboundInitiated));

    private static RoutingDecision ToJourneyBuilder(
        ChannelSnapshot snapshot,
        RoutingReason reason,
        string? keyword,
        ConsentStatus consentAfter,
        ConsentStatus? newConsent)
        => new(
            Handler.JourneyBuilder,
            reason,
            snapshot.Marketing,
            keyword,
            null,
            consentAfter,
            new EndUserEffects(newConsent, null));
}
