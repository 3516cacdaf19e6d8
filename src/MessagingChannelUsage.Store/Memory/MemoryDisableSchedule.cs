using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Store.Memory;

/// <summary>The auto-end schedule of one process (the in-memory store serves a single instance).</summary>
internal sealed class MemoryDisableSchedule : IDisableSchedule
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, DisableEntry> entries = new(StringComparer.Ordinal);

    public Task ScheduleAsync(DisableEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (gate)
        {
            entries[entry.UsageId] = entry;
        }

        return Task.CompletedTask;
    }

    public Task CancelAsync(string usageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usageId);
        lock (gate)
        {
            entries.Remove(usageId);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DisableEntry>> ClaimDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        lock (gate)
        {
            var due = entries.Values
                .Where(e => e.DueAt <= now)
                .OrderBy(static e => e.DueAt)
                .ThenBy(static e => e.UsageId, StringComparer.Ordinal)
                .Take(max)
                .ToList();
            foreach (var entry in due)
            {
                entries.Remove(entry.UsageId);
            }

            return Task.FromResult<IReadOnlyList<DisableEntry>>(due);
        }
    }
}
