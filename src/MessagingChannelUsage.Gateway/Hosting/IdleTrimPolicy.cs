namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>What the idle trim sees at one check (docs/reliability.md#what-slow-clients-cost-and-when-it-is-given-back).</summary>
/// <param name="AllocatedSinceLastCheck">Bytes the process allocated since the previous check.</param>
/// <param name="StreamsClosedSinceLastTrim">RouteStream calls that ended since the last trim (their memory is garbage now).</param>
/// <param name="PoolBytesEvictedSinceLastTrim">Bytes Kestrel's block pool let go of since the last trim (garbage until a collection).</param>
/// <param name="CommittedBytes">Memory the GC has committed.</param>
/// <param name="HeapBytesAfterLastCollection">The heap's size after the last collection.</param>
/// <param name="SinceLastTrim">Time since the last trim (or since start).</param>
internal readonly record struct IdleTrimCheck(
    long AllocatedSinceLastCheck,
    long StreamsClosedSinceLastTrim,
    long PoolBytesEvictedSinceLastTrim,
    long CommittedBytes,
    long HeapBytesAfterLastCollection,
    TimeSpan SinceLastTrim);

/// <summary>
/// When to give memory back: the GC collects only when something allocates, so a gateway that
/// goes idle after a burst (slow clients gone, a spike over) keeps everything it committed. One
/// aggressive collection returns it, but it stops the process for a moment, so only when:
/// <list type="bullet">
/// <item>the process is idle (it allocated less than <see cref="IdleAllocation"/> since the last
/// check: no traffic worth the name, nothing a pause would delay);</item>
/// <item>there is something to return: streams ended since the last trim, Kestrel's block pool
/// evicted at least <see cref="EvictedBlocks"/> (it evicts idle blocks gradually, over minutes),
/// or the GC holds at least <see cref="CommittedSlack"/> committed beyond the heap it last measured;</item>
/// <item>the last trim is at least <see cref="MinimumInterval"/> ago.</item>
/// </list>
/// </summary>
internal static class IdleTrimPolicy
{
    /// <summary>How often the trim looks.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    /// <summary>At most one trim this often.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(10);

    /// <summary>Below this much allocated per check the process counts as idle (~ a few hundred routed messages).</summary>
    public const long IdleAllocation = 1024 * 1024;

    /// <summary>Committed memory beyond the heap worth returning even when no stream ended.</summary>
    public const long CommittedSlack = 32L * 1024 * 1024;

    /// <summary>Blocks Kestrel's pool evicted that are worth a collection.</summary>
    public const long EvictedBlocks = 8L * 1024 * 1024;

    public static bool ShouldTrim(in IdleTrimCheck check) =>
        check.AllocatedSinceLastCheck < IdleAllocation
        && check.SinceLastTrim >= MinimumInterval
        && (check.StreamsClosedSinceLastTrim > 0
            || check.PoolBytesEvictedSinceLastTrim >= EvictedBlocks
            || check.CommittedBytes - check.HeapBytesAfterLastCollection >= CommittedSlack);
}
