using System.Collections.Concurrent;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Store.Caching;

/// <summary>
/// The end-user near cache of the Redis store (issue 12): routing state of end users this instance
/// read recently, so a warm end user costs no Redis round trip. Kept coherent by the store's
/// end-user change feed (every script that writes an end-user hash PUBLISHes its key).
/// Correctness rules (docs/performance.md, "The end-user near cache"):
/// <list type="bullet">
/// <item>A miss puts a <em>loading token</em> in the entry BEFORE the read is sent; the value is
///   cached only if the token is still there when the read returns. Any invalidation processed in
///   between removes the token, so a read that may have seen the old state is never cached.</item>
/// <item>An invalidation processed before the token was placed belongs to a write Redis executed
///   before the read was sent: the read sees that write.</item>
/// <item>A write made through this instance invalidates its entry before the write's caller gets
///   the answer, so a decision that starts after an acknowledged opt-out never reads the old consent.</item>
/// <item>While the invalidation link is down nothing is served or stored (<see cref="Suspend"/>); on
///   its return everything is dropped (<see cref="Resume"/>): messages may have been missed. An
///   epoch counter keeps reads started before a flush from being cached after it.</item>
/// <item>Every entry also expires after <see cref="TimeToLive"/>: the bound on staleness if the link
///   dies without the client noticing.</item>
/// <item>The size is bounded (<c>Store:EndUserCacheSize</c>). A full cache first drops its expired
///   entries (end users not read since), at most once per half time-to-live, by one caller; if it is
///   still full of live entries, new end users are read through without being stored.</item>
/// </list>
/// </summary>
public sealed class EndUserNearCache
{
    private readonly ConcurrentDictionary<EndUserKey, object> entries = new();
    private readonly TimeProvider time;
    private readonly bool systemClock;
    private readonly long ttlMilliseconds;
    private readonly int maxEntries;
    private long epoch;

    // Entries added minus entries removed: the size bound's count. ConcurrentDictionary.Count takes
    // every lock of the table, which made each miss contend with every other miss and write.
    // Approximate across a flush (an entry added while it clears may be missed).
    private int approximateCount;
    private int suspended = 1;
    private int sweeping;
    private long nextSweepAt;

    public EndUserNearCache(TimeSpan timeToLive, int maxEntries, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        TimeToLive = timeToLive;
        this.time = time ?? TimeProvider.System;
        systemClock = ReferenceEquals(this.time, TimeProvider.System);
        ttlMilliseconds = (long)timeToLive.TotalMilliseconds;
        this.maxEntries = maxEntries;
    }

    public TimeSpan TimeToLive { get; }

    /// <summary>Entries (values and loading tokens) right now.</summary>
    public int Count => entries.Count;

    /// <summary>Whether a value (not a read in flight) is cached for this end user.</summary>
    public bool IsCached(string channelId, string platformKey)
        => entries.TryGetValue(new EndUserKey(channelId, platformKey), out var entry) && entry is Cached;

    /// <summary>False while the invalidation link is down (or not yet up): every read goes to the store.</summary>
    public bool IsServing => Volatile.Read(ref suspended) == 0;

    /// <summary>The cached state, or a miss with a <see cref="Lease"/> to fill it with a fresh read.</summary>
    public bool TryGet(string channelId, string platformKey, out Task<EndUserState> state, out Lease lease)
    {
        var key = new EndUserKey(channelId, platformKey);
        var now = NowMilliseconds();
        entries.TryGetValue(key, out var current);
        // No hit/miss counters here: nothing read them, and an interlocked add per lookup on the
        // object every lookup reads is contended between cores.
        if (current is Cached cached && cached.ExpiresAt > now && IsServing)
        {
            state = cached.State;
            lease = default;
            return true;
        }

        state = null!;
        lease = default;
        if (!IsServing || current is LoadingToken || (current is null && !HasRoom(now)))
        {
            // Link down, a concurrent read of this end user already owns the entry, or full of live
            // entries: read through without caching. (An expired entry of this end user is refreshed
            // in place, so it needs no room.)
            return false;
        }

        var token = new LoadingToken(Volatile.Read(ref epoch));
        bool placed;
        if (current is null)
        {
            placed = entries.TryAdd(key, token);
            if (placed)
            {
                Interlocked.Increment(ref approximateCount);
            }
        }
        else
        {
            placed = entries.TryUpdate(key, token, current);
        }

        lease = placed ? new Lease(key, token) : default;
        return false;
    }

    /// <summary>Caches <paramref name="state"/> read under <paramref name="lease"/>, unless an invalidation or flush came meanwhile.</summary>
    public void Complete(in Lease lease, EndUserState state)
    {
        if (lease.Token is not { } token)
        {
            return;
        }

        var value = new Cached(Task.FromResult(state), NowMilliseconds() + ttlMilliseconds);
        if (entries.TryUpdate(lease.Key, value, token)
            && (Volatile.Read(ref epoch) != token.Epoch || !IsServing))
        {
            // A flush happened between the token check and the update: undo.
            Removed(entries.TryRemove(new KeyValuePair<EndUserKey, object>(lease.Key, value)));
        }
    }

    /// <summary>The read failed: give the entry back.</summary>
    public void Abandon(in Lease lease)
    {
        if (lease.Token is { } token)
        {
            Removed(entries.TryRemove(new KeyValuePair<EndUserKey, object>(lease.Key, token)));
        }
    }

    /// <summary>The end user changed (a write here, or a change message from any instance).</summary>
    public void Invalidate(string channelId, string platformKey) => Removed(entries.TryRemove(new EndUserKey(channelId, platformKey), out _));

    /// <summary>The invalidation link is down: stop serving and drop everything.</summary>
    public void Suspend()
    {
        Volatile.Write(ref suspended, 1);
        Flush();
    }

    /// <summary>The invalidation link is (back) up: drop whatever was kept, then serve again.</summary>
    public void Resume()
    {
        Flush();
        Volatile.Write(ref suspended, 0);
    }

    /// <summary>Drops every entry; reads in flight are not cached.</summary>
    public void Flush()
    {
        Interlocked.Increment(ref epoch);
        entries.Clear();
        Volatile.Write(ref approximateCount, entries.Count);
    }

    /// <summary>
    /// The cache's clock, in milliseconds. The system clock is read as Environment.TickCount64 (a
    /// coarse clock, a few ms of resolution: plenty for expiry in seconds) and not as a timestamp:
    /// a high-resolution timestamp is a serializing TSC read that, measured on the 2-core VM
    /// (docs/performance.md), added ~0.4 µs to a lookup whose dictionary reads miss the CPU
    /// caches (the misses can no longer overlap), more than the lookup itself. A test's clock
    /// (FakeTimeProvider) is read as it is.
    /// </summary>
    private long NowMilliseconds() => systemClock
        ? Environment.TickCount64
        : (long)((Int128)time.GetTimestamp() * 1000 / time.TimestampFrequency);

    private bool HasRoom(long now)
    {
        if (Volatile.Read(ref approximateCount) < maxEntries)
        {
            return true;
        }

        SweepExpired(now);
        return Volatile.Read(ref approximateCount) < maxEntries;
    }

    // Without a sweep, expired entries leave only when their own end user is read again: a cache
    // filled by end users who went quiet would stay full of dead entries, and every new end user
    // would be read through from then on (until the next flush). One caller sweeps (O(entries),
    // ~ms at the default 100,000) and not again for half a time-to-live, so a cache full of live
    // entries is not rescanned on every miss; the others read through meanwhile.
    private void SweepExpired(long now)
    {
        if (now < Volatile.Read(ref nextSweepAt) || Interlocked.Exchange(ref sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            Volatile.Write(ref nextSweepAt, now + (ttlMilliseconds / 2));
            foreach (var entry in entries)
            {
                // Removes this exact value only: a fresh value or a loading token put there since stays.
                if (entry.Value is Cached cached && cached.ExpiresAt <= now)
                {
                    Removed(entries.TryRemove(entry));
                }
            }
        }
        finally
        {
            Volatile.Write(ref sweeping, 0);
        }
    }

    private void Removed(bool removed)
    {
        if (removed)
        {
            Interlocked.Decrement(ref approximateCount);
        }
    }

    /// <summary>The right to fill one entry with the state read from the store.</summary>
    public readonly struct Lease
    {
        internal Lease(EndUserKey key, LoadingToken token)
        {
            Key = key;
            Token = token;
        }

        internal EndUserKey Key { get; }

        internal LoadingToken? Token { get; }
    }

    internal readonly record struct EndUserKey(string ChannelId, string PlatformKey);

    internal sealed class LoadingToken(long epoch)
    {
        public long Epoch { get; } = epoch;
    }

    private sealed class Cached(Task<EndUserState> state, long expiresAt)
    {
        public Task<EndUserState> State { get; } = state;

        public long ExpiresAt { get; } = expiresAt;
    }
}
