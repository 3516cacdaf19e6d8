using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Routing;

/// <summary>What the end user's record must become after a message (applied atomically by the store).</summary>
/// <param name="SetConsent">The consent to store; null = unchanged.</param>
/// <param name="OpenSessionWithOrigin">Open a session (Status New) with this origin when none is open; null = none.</param>
/// <param name="SetPreferredLanguage">The language a keyword set's consent keyword records (domain.md §8); null = unchanged.</param>
public readonly record struct EndUserEffects(ConsentStatus? SetConsent, SessionOrigin? OpenSessionWithOrigin, string? SetPreferredLanguage = null)
{
    public static EndUserEffects None => default;

    public bool Any => SetConsent is not null || OpenSessionWithOrigin is not null || SetPreferredLanguage is not null;
}

/// <summary>
/// The pure decision for one message. A value type: deciding allocates nothing. Strings are
/// references into the snapshot (keywords, reply texts, usage ids), never new strings.
/// <see cref="Language"/> is the BCP 47 tag of the keyword set (or custom keyword) that matched
/// inbound, the end user's preferred language outbound, null otherwise (domain.md §8).
/// </summary>
public readonly record struct RoutingDecision(
    Handler Handler,
    RoutingReason Reason,
    ChannelUsage? Usage,
    string? MatchedKeyword,
    string? ReplyText,
    ConsentStatus? ConsentAfter,
    EndUserEffects Effects,
    string? Language = null)
{
    /// <summary>The numbered rule of domain.md §4.1/§4.4 that decided, e.g. <c>inbound.2</c> (<see cref="DecisionRules"/>).</summary>
    public string Rule { get; init; } = string.Empty;

    /// <summary>
    /// True when the handler is Omni-Channel: the caller returns the end user's open session, or
    /// opens one (<see cref="EndUserEffects.OpenSessionWithOrigin"/> says so).
    /// </summary>
    public bool NeedsSession => Handler == Handler.OmniChannel;
}
