using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Routing;

/// <summary>What the end user's record must become after a message (applied atomically by the store).</summary>
public readonly record struct EndUserEffects(ConsentStatus? SetConsent, SessionOrigin? OpenSessionWithOrigin)
{
    public static EndUserEffects None => default;

    public bool Any => SetConsent is not null || OpenSessionWithOrigin is not null;
}

/// <summary>
/// The pure decision for one message. A value type: deciding allocates nothing. Strings are
/// references into the snapshot (keywords, reply texts, usage ids), never new strings.
/// </summary>
public readonly record struct RoutingDecision(
    Handler Handler,
    RoutingReason Reason,
    ChannelUsage? Usage,
    string? MatchedKeyword,
    string? ReplyText,
    ConsentStatus? ConsentAfter,
    EndUserEffects Effects)
{
    /// <summary>The numbered rule of domain.md §4.1/§4.4 that decided, e.g. <c>inbound.2</c> (<see cref="DecisionRules"/>).</summary>
    public string Rule { get; init; } = string.Empty;

    /// <summary>
    /// True when the handler is Omni-Channel: the caller returns the end user's open session, or
    /// opens one (<see cref="EndUserEffects.OpenSessionWithOrigin"/> says so).
    /// </summary>
    public bool NeedsSession => Handler == Handler.OmniChannel;
}
