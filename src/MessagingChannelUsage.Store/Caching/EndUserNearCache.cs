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
/// <item>A write made through this instance takes its entry before it is sent (<see cref="BeginWrite"/>:
///   a <em>write token</em>, so nothing read before or during the write is served or cached on this
///   instance) and fills it with the state the write returned (<see cref="CompleteWrite"/>) before the
///   write's caller gets the answer: a decision that starts after an acknowledged opt-out never reads
///   the old consent, and the end user's next message costs no read.</item>
/// <item>That filled entry must survive the write's own change message but not any later one.
///   Change messages for the entry are counted from the moment the write token is placed (each one
///   replaces the token or value by a copy with the count) and the store says whether the write
///   announced itself (0 or 1 message). The entry is kept only while the messages seen do not
///   exceed the write's own: every write Redis executes after ours announces itself after our
///   message, so once all messages are in, a later change always leaves more messages than our own
///   and removes the entry; a message of an earlier write counted in our place only removes the
///   entry early (a read more). This holds whatever order the handler sees the messages in.</item>
/// <item>While the invalidation link is down nothing is served or stored (<see cref="Suspend"/>); on
///   its return everything is dropped (<see cref="Resume"/>): messages may have been missed. An
///   epoch counter keeps reads started before a flush from being cached after it.</item>
/// <item>The link is proven live by the change feed's heartbeat (RedisEndUserHeartbeat): the cache
///   serves only until <see cref="ServeUntil"/>, checked on every lookup, which each heartbeat that
///   comes back in time moves on. That deadline is the bound on staleness if the link dies without
///   the client noticing. Every entry also expires after <see cref="TimeToLive"/> (default 5 min):
///   the bound when the heartbeat is off (then it must be short), and on end users gone quiet.</item>
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
    private long servingUntil = long.MaxValue;
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

    /// <summary>False while the invalidation link is down (or not yet up), or its liveness proof expired: every read goes to the store.</summary>
    public bool IsServing => ServingAt(NowMilliseconds());

    /// <summary>The cache's clock (<see cref="NowMilliseconds"/>), for deadlines given to <see cref="ServeUntil"/>.</summary>
    public long ClockMilliseconds => NowMilliseconds();

    /// <summary>
    /// Serves no later than <paramref name="milliseconds"/> (of <see cref="ClockMilliseconds"/>)
    /// unless called again: the invalidation link's liveness proof (the change feed's heartbeat,
    /// RedisEndUserHeartbeat) runs out then. Checked on every lookup, so the bound holds even when
    /// the timer that would suspend the cache runs late.
    /// </summary>
    public void ServeUntil(long milliseconds) => Volatile.Write(ref servingUntil, milliseconds);

    /// <summary>The cached state, or a miss with a <see cref="Lease"/> to fill it with a fresh read.</summary>
    public bool TryGet(string channelId, string platformKey, out Task<EndUserState> state, out Lease lease)
    {
        var key = new EndUserKey(channelId, platformKey);
        var now = NowMilliseconds();
        entries.TryGetValue(key, out var current);
        // No hit/miss counters here: nothing read them, and an interlocked add per lookup on the
        // object every lookup reads is contended between cores.
        if (current is Cached cached && cached.ExpiresAt > now && ServingAt(now))
        {
            state = cached.State;
            lease = default;
            return true;
        }

        state = null!;
        lease = default;
        if (!ServingAt(now) || current is LoadingToken || (current is null && !HasRoom(now)))
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

    /// <summary>The read or write failed (or its outcome is unknown): give the entry back.</summary>
    public void Abandon(in Lease lease)
    {
        if (lease.Token is WriteToken origin)
        {
            while (TryGetWriteToken(lease.Key, origin, out var token))
            {
                if (TryRemoveExact(lease.Key, token))
                {
                    return;
                }
            }
        }
        else if (lease.Token is { } token)
        {
            TryRemoveExact(lease.Key, token);
        }
    }

    /// <summary>The end user changed through this instance (outside <see cref="BeginWrite"/>): its entry goes, whatever it holds.</summary>
    public void Invalidate(string channelId, string platformKey) => Removed(entries.TryRemove(new EndUserKey(channelId, platformKey), out _));

    /// <summary>
    /// A change message for the end user (from any instance, this one included): the entry goes,
    /// unless it is owed to a write of this instance whose own message it may be, in which case
    /// the message is counted in it (see the class's rules).
    /// </summary>
    public void ChangeReceived(string channelId, string platformKey)
    {
        var key = new EndUserKey(channelId, platformKey);
        while (entries.TryGetValue(key, out var current))
        {
            object? counted = current switch
            {
                Cached { OwnChangesPending: > 0 } value => new Cached(value.State, value.ExpiresAt, value.OwnChangesPending - 1),
                WriteToken token => new WriteToken(token.Epoch, token.Origin, token.ChangesSeen + 1),
                _ => null,
            };
            if (counted is null ? TryRemoveExact(key, current) : entries.TryUpdate(key, counted, current))
            {
                return;
            }

            // Changed meanwhile (a write, a read, another message): look again.
        }
    }

    /// <summary>
    /// Before this instance writes the end user: from now on nothing read of it is served or
    /// cached here until <see cref="CompleteWrite"/> (or <see cref="Abandon"/>).
    /// </summary>
    public Lease BeginWrite(string channelId, string platformKey)
    {
        var key = new EndUserKey(channelId, platformKey);
        var token = new WriteToken(Volatile.Read(ref epoch));
        while (true)
        {
            if (!entries.TryGetValue(key, out var current))
            {
                if (!IsServing || !HasRoom(NowMilliseconds()))
                {
                    // Nothing is cached for the end user, and nothing will be kept of the write.
                    return new Lease(key, null);
                }

                if (entries.TryAdd(key, token))
                {
                    Interlocked.Increment(ref approximateCount);
                    return new Lease(key, token);
                }
            }
            else if (entries.TryUpdate(key, token, current))
            {
                return new Lease(key, token);
            }
        }
    }

    /// <summary>
    /// The write under <paramref name="lease"/> returned: <paramref name="state"/> is the end user
    /// as Redis had it right after the write, and <paramref name="announced"/> says whether the
    /// write published a change message. Cached when the entry is still this write's and no more
    /// change messages came than the write's own; dropped otherwise.
    /// </summary>
    public void CompleteWrite(in Lease lease, EndUserState state, bool announced)
    {
        if (lease.Token is not WriteToken origin)
        {
            // Nothing was taken (full cache, link down): whatever came meanwhile goes.
            Removed(entries.TryRemove(lease.Key, out _));
            return;
        }

        while (TryGetWriteToken(lease.Key, origin, out var token))
        {
            var pending = (announced ? 1 : 0) - token.ChangesSeen;
            if (pending < 0 || Volatile.Read(ref epoch) != origin.Epoch || !IsServing)
            {
                if (TryRemoveExact(lease.Key, token))
                {
                    return;
                }

                continue;
            }

            var value = new Cached(Task.FromResult(state), NowMilliseconds() + ttlMilliseconds, pending);
            if (entries.TryUpdate(lease.Key, value, token))
            {
                if (Volatile.Read(ref epoch) != origin.Epoch || !IsServing)
                {
                    // A flush happened between the check and the update: undo.
                    TryRemoveExact(lease.Key, value);
                }

                return;
            }
        }

        // Replaced by a newer write, removed by a local write or flushed: not this write's to fill.
    }

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

    private bool ServingAt(long now) => Volatile.Read(ref suspended) == 0 && now < Volatile.Read(ref servingUntil);

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

    // The entry still belongs to the write whose lease holds origin (its token, or a copy of it
    // that counts the change messages seen since).
    private bool TryGetWriteToken(EndUserKey key, WriteToken origin, out WriteToken token)
    {
        if (entries.TryGetValue(key, out var current) && current is WriteToken held && ReferenceEquals(held.Origin, origin))
        {
            token = held;
            return true;
        }

        token = null!;
        return false;
    }

    // Removes the entry only if it still holds this exact object (reference equality: the
    // entries' classes do not override Equals).
    private bool TryRemoveExact(EndUserKey key, object value)
    {
        var removed = entries.TryRemove(new KeyValuePair<EndUserKey, object>(key, value));
        Removed(removed);
        return removed;
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
        internal Lease(EndUserKey key, LoadingToken? token)
        {
            Key = key;
            Token = token;
        }

        internal EndUserKey Key { get; }

        internal LoadingToken? Token { get; }
    }

    internal readonly record struct EndUserKey(string ChannelId, string PlatformKey);

    /// <summary>A read (or, as <see cref="WriteToken"/>, a write) of this instance owns the entry.</summary>
    internal class LoadingToken(long epoch)
    {
        public long Epoch { get; } = epoch;
    }

    /// <summary>
    /// A write of this instance owns the entry; each change message that arrives meanwhile replaces
    /// it by a copy with one more <see cref="ChangesSeen"/> and the same <see cref="Origin"/> (the
    /// token its lease holds).
    /// </summary>
    internal sealed class WriteToken : LoadingToken
    {
        public WriteToken(long epoch)
            : base(epoch)
        {
            Origin = this;
        }

        public WriteToken(long epoch, WriteToken origin, int changesSeen)
            : base(epoch)
        {
            Origin = origin;
            ChangesSeen = changesSeen;
        }

        public WriteToken Origin { get; }

        public int ChangesSeen { get; }
    }

    private sealed class Cached(Task<EndUserState> state, long expiresAt, int ownChangesPending = 0)
    {
        public Task<EndUserState> State { get; } = state;

        public long ExpiresAt { get; } = expiresAt;

        /// <summary>The change message of the write that put this value here, not yet arrived (0 or 1).</summary>
        public int OwnChangesPending { get; } = ownChangesPending;
    }
}
