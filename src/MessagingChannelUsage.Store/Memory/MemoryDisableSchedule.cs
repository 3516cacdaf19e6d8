using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Store.Memory;

/// <summary>The auto-end schedule of one process (the in-memory store serves a single instance).</summary>
internal sealed class MemoryDisableSchedule : IDisableSchedule
{
    private readonly Lock gate = new();

    /// <summary>Entries by usage id, with the moment each becomes claimable (its due time, or the end of a lease).</summary>
    private readonly Dictionary<string, (DisableEntry Entry, DateTimeOffset VisibleAt)> entries = new(StringComparer.Ordinal);

    public Task ScheduleAsync(DisableEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (gate)
        {
            entries[entry.UsageId] = (entry, entry.DueAt);
        }

        return Task.CompletedTask;
    }

    public Task CancelAsync(DisableEntry entry, CancellationToken cancellationToken) => RemoveUnlessReplaced(entry);

    public Task<IReadOnlyList<DisableEntry>> ClaimDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        lock (gate)
        {
            var due = entries.Values
                .Where(e => e.VisibleAt <= now)
                .OrderBy(static e => e.VisibleAt)
                .ThenBy(static e => e.Entry.UsageId, StringComparer.Ordinal)
                .Take(max)
                .Select(static e => e.Entry)
                .ToList();
            foreach (var entry in due)
            {
                entries[entry.UsageId] = (entry, now + IDisableSchedule.ClaimLease);
            }

            return Task.FromResult<IReadOnlyList<DisableEntry>>(due);
        }
    }

    public Task CompleteAsync(DisableEntry entry, CancellationToken cancellationToken) => RemoveUnlessReplaced(entry);

    private Task RemoveUnlessReplaced(DisableEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (gate)
        {
            if (entries.TryGetValue(entry.UsageId, out var stored) && stored.Entry == entry)
            {
                entries.Remove(entry.UsageId);
            }
        }

        return Task.CompletedTask;
    }
}
