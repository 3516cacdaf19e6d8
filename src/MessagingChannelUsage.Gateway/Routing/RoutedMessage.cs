using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>
/// The answer for one message after its side effects were applied: the pure decision plus what
/// the store returned (end user, session). This is also what idempotency replays. A struct: it
/// lives from the decision to the reply's mapping (and the telemetry), so one object per
/// message less to allocate and collect (issue 12: ~110 bytes, 15 % of a streamed message's).
/// </summary>
internal readonly record struct RoutedMessage
{
    public string? MessageId { get; init; }
    public required Handler Handler { get; init; }
    public required RoutingReason Reason { get; init; }
    public string? UsageId { get; init; }
    public string? SessionId { get; init; }
    public string? MatchedKeyword { get; init; }
    public ConsentStatus? ConsentStatus { get; init; }
    public string? ReplyText { get; init; }
    public string? EndUserId { get; init; }

    /// <summary>The matched keyword set's language (inbound) or the end user's preferred language (outbound), domain.md §8.</summary>
    public string? Language { get; init; }

    /// <summary>True when this is the stored answer of an earlier delivery of the same message.</summary>
    public bool Replayed { get; init; }

    /// <summary>The numbered rule of domain.md §4.1/§4.4 that decided (e.g. inbound.2).</summary>
    public string? Rule { get; init; }

    /// <summary>The version of the channel configuration the decision used (0 for an unknown channel).</summary>
    public long ConfigVersion { get; init; }

    /// <summary>Decided only: nothing was changed or remembered (domain.md §9).</summary>
    public bool DryRun { get; init; }
}
