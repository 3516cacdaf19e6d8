using System.Collections.Concurrent;
using MessagingChannelUsage.Routing.Query;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Store.Memory;

/// <summary>
/// Query snapshots in process. The rows are immutable, so a snapshot is the result object itself.
/// Expired snapshots are dropped when read, and swept at most once a minute on save so that
/// abandoned queries do not pile up.
/// </summary>
internal sealed class MemoryQuerySnapshots(TimeProvider time) : IQuerySnapshotStore
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Entry> snapshots = new(StringComparer.Ordinal);
    private long nextSweepTicks;

    public Task SaveAsync(string snapshotId, QueryRows rows, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshotId);
        ArgumentNullException.ThrowIfNull(rows);
        var now = time.GetUtcNow();
        SweepIfDue(now);
        snapshots[snapshotId] = new Entry(rows, now + timeToLive);
        return Task.CompletedTask;
    }

    public Task<QueryRows?> ReadAsync(string snapshotId, int start, int count, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshotId);
        var now = time.GetUtcNow();
        if (!snapshots.TryGetValue(snapshotId, out var entry))
        {
            return Task.FromResult<QueryRows?>(null);
        }

        if (entry.ExpiresAt <= now)
        {
            snapshots.TryRemove(KeyValuePair.Create(snapshotId, entry));
            return Task.FromResult<QueryRows?>(null);
        }

        // A racing read may extend from an older "now"; either way the snapshot lives at least timeToLive more.
        snapshots.TryUpdate(snapshotId, entry with { ExpiresAt = now + timeToLive }, entry);
        var page = entry.Rows.Page(start, count, nextCursor: null);
        return Task.FromResult<QueryRows?>(entry.Rows with { Records = page.Records, AggregateRows = page.AggregateRows });
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref nextSweepTicks, (now + SweepEvery).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (id, entry) in snapshots)
        {
            if (entry.ExpiresAt <= now)
            {
                snapshots.TryRemove(KeyValuePair.Create(id, entry));
            }
        }
    }

    private sealed record Entry(QueryRows Rows, DateTimeOffset ExpiresAt);
}
