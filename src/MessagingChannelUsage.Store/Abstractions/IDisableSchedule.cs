namespace MessagingChannelUsage.Store.Abstractions;

/// <summary>A Conversation usage disabled at <paramref name="DisabledTime"/>, due at <paramref name="DueAt"/>.</summary>
public sealed record DisableEntry(string UsageId, string ChannelId, DateTimeOffset DisabledTime, DateTimeOffset DueAt);

/// <summary>
/// The schedule of the session auto-end (domain.md §3). Persisted in the store, so it survives a
/// gateway restart and is shared by every instance.
/// </summary>
public interface IDisableSchedule
{
    /// <summary>Adds or replaces the entry of a usage.</summary>
    Task ScheduleAsync(DisableEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes the usage's entry (it left Disabled before the grace ran out).</summary>
    Task CancelAsync(string usageId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> entries due at <paramref name="now"/>: each entry is
    /// returned to exactly one caller across all instances (atomic claim).
    /// </summary>
    Task<IReadOnlyList<DisableEntry>> ClaimDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);
}
