namespace MessagingChannelUsage.Routing.Model;

/// <summary>A Service Cloud conversation between one end user and the business on one channel.</summary>
public sealed record MessagingSession
{
    /// <summary>EndReason set by the disable reaper (domain.md §3).</summary>
    public const string ChannelDisabledEndReason = "ChannelDisabled";

    public required string Id { get; init; }
    public required string MessagingChannelId { get; init; }
    public required string MessagingEndUserId { get; init; }
    public required SessionStatus Status { get; init; }
    public required SessionOrigin Origin { get; init; }
    public required DateTimeOffset StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public string? EndReason { get; init; }

    /// <summary>Open = neither Ended nor Error: what routing calls an "active session".</summary>
    public bool IsOpen => SessionStatuses.IsOpen(Status);
}

public static class SessionStatuses
{
    /// <summary>
    /// The seed's "active session": Status is neither Ended nor Error. Kept apart from the Status
    /// value <see cref="SessionStatus.Active"/> on purpose.
    /// </summary>
    public static bool IsOpen(SessionStatus status) => status is not (SessionStatus.Ended or SessionStatus.Error);
}
