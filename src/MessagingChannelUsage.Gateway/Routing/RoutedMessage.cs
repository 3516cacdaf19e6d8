using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>
/// The answer for one message after its side effects were applied: the pure decision plus what
/// the store returned (end user, session). This is also what idempotency replays.
/// </summary>
public sealed record RoutedMessage
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
}
