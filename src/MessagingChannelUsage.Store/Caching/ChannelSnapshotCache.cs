using System.Collections.Concurrent;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MessagingChannelUsage.Store.Caching;

/// <summary>
/// The near cache of immutable channel snapshots (architecture.md, hot path step 2).
/// <list type="bullet">
/// <item>A hit is one dictionary probe and completes synchronously without allocating.</item>
/// <item>Concurrent misses of one channel share a single load (one in-flight task per channel).</item>
/// <item>A change from the feed drops the entry; the next request loads it again.</item>
/// <item>Versions guard against an old load overwriting news: the highest version announced by a
///   change is remembered, and a load that returns an older version is served but not cached.</item>
/// <item>A change without a channel id flushes everything (e.g. the pub/sub link was lost), and an
///   epoch counter keeps loads started before the flush from being cached after it.</item>
/// <item>Unknown channels are cached as absent (version 0) and dropped by their first change. At most
///   <see cref="MaxAbsentEntries"/> are kept, so a flood of made-up ids cannot grow the cache without
///   bound (beyond it, unknown ids are simply loaded each time).</item>
/// </list>
/// </summary>
public sealed class ChannelSnapshotCache : IChannelSnapshotSource, IDisposable
{
    private readonly IChannelStateReader reader;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, CacheEntry> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<ChannelSnapshot?>> loads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> announced = new(StringComparer.Ordinal);
    private readonly IDisposable subscription;
    private readonly StoreMetrics? metrics;
    private long epoch;
    private long loadCount;
    private int absentCount;

    public ChannelSnapshotCache(IChannelStateReader reader, IChannelChangeFeed changes, ILogger<ChannelSnapshotCache>? logger = null, StoreMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(changes);
        this.reader = reader;
        this.logger = logger ?? NullLogger<ChannelSnapshotCache>.Instance;
        this.metrics = metrics;
        subscription = changes.Subscribe(OnChange);
    }

    /// <summary>The most absent (unknown-channel) entries cached at once.</summary>
    public const int MaxAbsentEntries = 10_000;

    /// <summary>How many loads reached the store (for tests and metrics).</summary>
    public long LoadCount => Interlocked.Read(ref loadCount);

    /// <summary>How many channels (present or absent) are cached right now.</summary>
    public int Count => entries.Count;

    public ValueTask<ChannelSnapshot?> GetAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        if (entries.TryGetValue(channelId, out var entry))
        {
            metrics?.NearCacheHit();
            return new ValueTask<ChannelSnapshot?>(entry.Snapshot);
        }

        metrics?.NearCacheMiss();
        return new ValueTask<ChannelSnapshot?>(LoadShared(channelId).WaitAsync(cancellationToken));
    }

    /// <summary>True when the channel is cached (present or absent); for tests.</summary>
    public bool IsCached(string channelId) => entries.ContainsKey(channelId);

    public void Dispose() => subscription.Dispose();

    private Task<ChannelSnapshot?> LoadShared(string channelId)
    {
        if (loads.TryGetValue(channelId, out var running))
        {
            return running;
        }

        var completion = new TaskCompletionSource<ChannelSnapshot?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!loads.TryAdd(channelId, completion.Task))
        {
            return loads.TryGetValue(channelId, out running) ? running : LoadShared(channelId);
        }

        _ = LoadIntoAsync(channelId, completion);
        return completion.Task;
    }

    private async Task LoadIntoAsync(string channelId, TaskCompletionSource<ChannelSnapshot?> completion)
    {
        try
        {
            var epochAtStart = Interlocked.Read(ref epoch);
            Interlocked.Increment(ref loadCount);

            // The shared load is not cancelled by one caller: others may still wait for it.
            var state = await reader.LoadAsync(channelId, CancellationToken.None);
            var snapshot = state is null ? null : ChannelSnapshot.Create(state.Channel, state.Usages, state.Version);
            var version = state?.Version ?? 0;
            var cacheable = snapshot is not null || Volatile.Read(ref absentCount) < MaxAbsentEntries;
            if (cacheable && version >= announced.GetValueOrDefault(channelId) && Interlocked.Read(ref epoch) == epochAtStart)
            {
                Store(channelId, new CacheEntry(snapshot, version));

                // A change may have landed between the check and the write: re-check and undo.
                if (version < announced.GetValueOrDefault(channelId) || Interlocked.Read(ref epoch) != epochAtStart)
                {
                    RemoveIfOlder(channelId, version + 1);
                }
            }

            completion.TrySetResult(snapshot);
        }
#pragma warning disable CA1031 // every waiter gets the failure; nothing is cached
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (ex is MessagingChannelUsage.Routing.Errors.DomainException { Kind: MessagingChannelUsage.Routing.Errors.ErrorKind.Unavailable })
            {
                // The store monitor logs the outage once; one line per failed load would flood the log.
                StoreLog.SnapshotLoadUnavailable(logger, channelId);
            }
            else
            {
                StoreLog.SnapshotLoadFailed(logger, channelId, ex);
            }

            completion.TrySetException(ex);
        }
        finally
        {
            loads.TryRemove(new KeyValuePair<string, Task<ChannelSnapshot?>>(channelId, completion.Task));
        }
    }

    private void OnChange(ChannelChange change)
    {
        if (change.ChannelId is not { } channelId)
        {
            Interlocked.Increment(ref epoch);
            var count = entries.Count;
            entries.Clear();
            Volatile.Write(ref absentCount, 0);
            metrics?.NearCacheFlushed();

            // The epoch already rejects loads started before the flush. Forgetting the announced
            // versions matters when the store restarted empty (Redis without persistence):
            // versions start again at 1 and must not be rejected forever as "older".
            announced.Clear();
            StoreLog.SnapshotsFlushed(logger, count);
            return;
        }

        metrics?.NearCacheInvalidated();
        announced.AddOrUpdate(channelId, static (_, version) => version, static (_, seen, version) => Math.Max(seen, version), change.Version);
        RemoveIfOlder(channelId, change.Version);
    }

    /// <summary>Drops the entry unless it already holds <paramref name="version"/> or newer.</summary>
    private void RemoveIfOlder(string channelId, long version)
    {
        while (entries.TryGetValue(channelId, out var entry) && entry.Version < version)
        {
            if (entries.TryRemove(new KeyValuePair<string, CacheEntry>(channelId, entry)))
            {
                if (entry.Snapshot is null)
                {
                    Interlocked.Decrement(ref absentCount);
                }

                return;
            }
        }
    }

    /// <summary>Adds or replaces an entry, keeping the count of absent entries (approximate under races: only a bound).</summary>
    private void Store(string channelId, CacheEntry entry)
    {
        var previous = default(CacheEntry);
        entries.AddOrUpdate(
            channelId,
            static (_, added) => added,
            (_, old, added) =>
            {
                previous = old;
                return added;
            },
            entry);
        var delta = (entry.Snapshot is null ? 1 : 0) - (previous is { Snapshot: null } ? 1 : 0);
        if (delta != 0)
        {
            Interlocked.Add(ref absentCount, delta);
        }
    }

    /// <summary>A cached snapshot, or a cached "absent" (null snapshot, version 0).</summary>
    private sealed record CacheEntry(ChannelSnapshot? Snapshot, long Version);
}
