namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>What the idle trim sees at one check (docs/reliability.md#memory-after-slow-clients).</summary>
/// <param name="AllocatedSinceLastCheck">Bytes the process allocated since the previous check.</param>
/// <param name="StreamsClosedSinceLastTrim">RouteStream calls that ended since the last trim (their memory is garbage now).</param>
/// <param name="PoolBytesEvictedSinceLastTrim">Bytes Kestrel's block pool let go of since the last trim (garbage until a collection).</param>
/// <param name="CommittedBytes">Memory the GC has committed.</param>
/// <param name="HeapBytesAfterLastCollection">The heap's size after the last collection.</param>
/// <param name="SinceLastTrim">Time since the last trim (or since start).</param>
/// <param name="PendingWorkItems">Work items queued on the thread pool, not yet started, at the check.</param>
/// <param name="BusySinceLastTrim">An earlier check since the last trim saw a burst (<see cref="IdleTrimPolicy.IsBurst"/>).</param>
internal readonly record struct IdleTrimCheck(
    long AllocatedSinceLastCheck,
    long StreamsClosedSinceLastTrim,
    long PoolBytesEvictedSinceLastTrim,
    long CommittedBytes,
    long HeapBytesAfterLastCollection,
    TimeSpan SinceLastTrim,
    long PendingWorkItems = 0,
    bool BusySinceLastTrim = false);

/// <summary>
/// When to give memory back: the GC collects only when something allocates, so a gateway that
/// goes quiet after a burst (slow clients gone, a spike over) keeps everything it committed. One
/// aggressive collection returns it, but it stops the process for a moment, so only when:
/// <list type="bullet">
/// <item>the process is quiet: it allocated less than <see cref="BackgroundAllocation"/> since the
/// last check. Metrics scrapes, health probes and a trickle of routing stay under it (a /metrics
/// scrape allocates ~50 KB, a routed message ~3 KB); routing load does not, so no burst of traffic
/// waits on the pause — and nothing waits in the thread pool's queue: a process starved of CPU
/// (a saturated box) allocates little per check while work piles up, and a blocking collection
/// then pauses for seconds (measured: 1.2–5.5 s at load 30–40);</item>
/// <item>there is something to return: streams ended since the last trim, Kestrel's block pool
/// evicted at least <see cref="EvictedBlocks"/> (it evicts idle blocks gradually, over minutes),
/// or the GC holds at least <see cref="CommittedSlack"/> committed beyond the heap it last measured;</item>
/// <item>the wait since the last trim is over: <see cref="MinimumInterval"/>, doubled after every
/// trim that gave back little (<see cref="NextWait"/>), so a trigger that keeps firing for nothing
/// (evictions the runtime does not decommit, a trickle of streams) costs fewer and fewer collections.</item>
/// </list>
/// </summary>
internal static class IdleTrimPolicy
{
    /// <summary>How often the trim looks.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    /// <summary>The shortest wait between two trims (after one that returned something).</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two trims, however little the last ones returned.</summary>
    public static readonly TimeSpan MaximumInterval = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Allocated per check below which the process counts as quiet (background traffic only).
    /// 8 MB: 1,000 stalled RouteStreams with 0.5-s scrapes and 200 routed messages/s allocate
    /// ~4.5 MB per check (measured, session 5), and at 4 MB that gateway never counted as quiet,
    /// so it kept the burst's memory; routing load allocates far more (h2load ~200 MB per check,
    /// 32 busy RouteStreams ~24 MB).
    /// </summary>
    public const long BackgroundAllocation = 8L * 1024 * 1024;

    /// <summary>Committed memory beyond the heap worth returning even when no stream ended.</summary>
    public const long CommittedSlack = 32L * 1024 * 1024;

    /// <summary>Blocks Kestrel's pool evicted that are worth a collection.</summary>
    public const long EvictedBlocks = 8L * 1024 * 1024;

    /// <summary>A trim that returned less working set than this was not worth its pause: wait longer for the next.</summary>
    public const long WorthwhileReturn = 8L * 1024 * 1024;

    /// <summary>
    /// A check that saw real work: at least <see cref="BackgroundAllocation"/> allocated. Work items
    /// queued alone do not count: a quiet gateway's queue jumps for a moment too (keep-alive pings
    /// of 200 connections: 203 items once), and trims it triggered returned nothing.
    /// </summary>
    public static bool IsBurst(in IdleTrimCheck check) => check.AllocatedSinceLastCheck >= BackgroundAllocation;

    /// <summary>Background traffic at most: little allocated since the last check and nothing queued.</summary>
    public static bool IsQuiet(in IdleTrimCheck check) =>
        check.AllocatedSinceLastCheck < BackgroundAllocation && check.PendingWorkItems == 0;

    public static bool ShouldTrim(in IdleTrimCheck check, TimeSpan wait) =>
        IsQuiet(check)
        && check.SinceLastTrim >= wait
        && (check.BusySinceLastTrim
            || check.StreamsClosedSinceLastTrim > 0
            || check.PoolBytesEvictedSinceLastTrim >= EvictedBlocks
            || check.CommittedBytes - check.HeapBytesAfterLastCollection >= CommittedSlack);

    /// <summary>The wait before the next trim, given the current one and what the trim just returned (working set before − after).</summary>
    public static TimeSpan NextWait(TimeSpan wait, long returnedBytes) =>
        returnedBytes >= WorthwhileReturn ? MinimumInterval
        : wait * 2 > MaximumInterval ? MaximumInterval
        : wait * 2;
}
