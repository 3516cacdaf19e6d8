using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// At most <c>permits</c> calls in flight per partition (caller), refused at once beyond it, with
/// no lock and no allocation per call: one counter per partition, taken and given back with
/// interlocked operations; the lease handed out is that counter itself. It replaces a
/// PartitionedRateLimiter of ConcurrencyLimiters, which took a process-wide lock and the limiter's
/// own lock and allocated a closure, a delegate and a lease on every routed message (issue 12: ~9 %
/// of a routed message's bytes, 2–3 % of its CPU in lock contention). The limit it enforces is the same.
/// Counters of partitions without calls in flight are removed after every
/// <see cref="SweepEvery"/> new partitions, so anonymous callers from many addresses do not grow it
/// without bound.
/// </summary>
internal sealed class InFlightLimit(int permits)
{
    /// <summary>New partitions between two sweeps of idle counters.</summary>
    internal const int SweepEvery = 1024;

    /// <summary>The count of a removed counter: far below zero, so a late taker sees it is gone.</summary>
    private const int Retired = int.MinValue / 2;

    private readonly ConcurrentDictionary<string, Slot> slots = new(StringComparer.Ordinal);
    private int added;

    /// <summary>Partitions with a counter (test hook: sweeping).</summary>
    internal int Partitions => slots.Count;

    /// <summary>
    /// One permit of <paramref name="partition"/>, or null when all are taken. Dispose the lease
    /// exactly once to give the permit back.
    /// </summary>
    public RateLimitLease? TryEnter(string partition)
    {
        while (true)
        {
            var slot = SlotOf(partition);
            var count = Interlocked.Increment(ref slot.Count);
            if (count <= 0)
            {
                // Retired by a sweep between the lookup and the increment: it is (being) removed.
                continue;
            }

            if (count > permits)
            {
                Interlocked.Decrement(ref slot.Count);
                return null;
            }

            return slot;
        }
    }

    private Slot SlotOf(string partition)
    {
        if (slots.TryGetValue(partition, out var slot))
        {
            return slot;
        }

        var created = new Slot();
        slot = slots.GetOrAdd(partition, created);
        if (ReferenceEquals(slot, created) && Interlocked.Increment(ref added) % SweepEvery == 0)
        {
            Sweep();
        }

        return slot;
    }

    /// <summary>Removes the counters of partitions with nothing in flight.</summary>
    internal void Sweep()
    {
        foreach (var (partition, slot) in slots)
        {
            // Only an idle counter is retired; a taker that finds it retired looks it up again.
            if (Interlocked.CompareExchange(ref slot.Count, Retired, 0) == 0)
            {
                slots.TryRemove(new KeyValuePair<string, Slot>(partition, slot));
            }
        }
    }

    /// <summary>A partition's calls in flight; as a lease, disposing it gives one permit back.</summary>
    private sealed class Slot : RateLimitLease
    {
        public int Count;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            Interlocked.Decrement(ref Count);
            base.Dispose(disposing);
        }
    }
}
