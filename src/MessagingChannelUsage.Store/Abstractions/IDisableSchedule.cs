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

    /// <summary>
    /// Removes the entry of a usage that left Disabled before the grace ran out, unless it was
    /// replaced meanwhile (the usage was disabled again: the new entry stays).
    /// </summary>
    Task CancelAsync(DisableEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> entries due at <paramref name="now"/>: each entry is
    /// returned to exactly one caller across all instances (atomic claim) and hidden for
    /// <see cref="ClaimLease"/>. The claimer calls <see cref="CompleteAsync"/> when done; if it
    /// crashes first, the entry becomes claimable again when the lease ends (so a restart never
    /// loses an auto-end; ending a session is itself a compare-and-set, so a retry ends nothing twice).
    /// </summary>
    Task<IReadOnlyList<DisableEntry>> ClaimDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Removes a claimed entry, unless it was replaced meanwhile (the usage was disabled again: the
    /// new entry stays).
    /// </summary>
    Task CompleteAsync(DisableEntry entry, CancellationToken cancellationToken);

    /// <summary>How long a claimed entry stays hidden from other claimers.</summary>
    static TimeSpan ClaimLease => TimeSpan.FromMinutes(5);
}
