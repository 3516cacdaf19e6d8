using System.Diagnostics.Metrics;
using System.Runtime;
using MessagingChannelUsage.Gateway.Memory;
using MessagingChannelUsage.Gateway.Telemetry;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>
/// Returns memory to the operating system when the gateway goes idle after a burst
/// (<see cref="IdleTrimPolicy"/>): one blocking, compacting, aggressive full collection, which
/// also decommits what the GC holds free. Off the request path (a timer), rate-limited, and only
/// while the process allocates next to nothing, so no call waits on it. Streams that ended are
/// counted from the gateway's own <c>mcu.gateway.route_stream.active</c> instrument (its
/// decrements) and released blocks from Kestrel's <c>aspnetcore.memory_pool.evicted</c> or the
/// gateway's own pool's <c>mcu.gateway.memory_pool.released</c> (<c>Gateway:ReleaseIdleBuffers</c>):
/// the pool lets go of a burst's blocks 10–20 s after it ended, after the trim for the closed
/// streams, so a second trim decommits them. Neither the routing code nor the pools know of this.
/// Off with <c>Gateway:IdleMemoryTrim=false</c>; each trim is counted (<c>mcu.gateway.idle_trim.runs</c>, <c>.returned</c>) and logged at Debug.
/// </summary>
internal sealed partial class IdleMemoryTrim(IMeterFactory meterFactory, IOptions<GatewayOptions> options, TimeProvider time, ILogger<IdleMemoryTrim> logger) : BackgroundService
{
    /// <summary>GatewayMetrics' instrument of open RouteStream calls (read here, never written).</summary>
    private const string OpenStreamsInstrument = "mcu.gateway.route_stream.active";

    /// <summary>Kestrel's counter of bytes its block pool evicted (ASP.NET Core 10).</summary>
    private const string PoolMeter = "Microsoft.AspNetCore.MemoryPool";
    private const string PoolEvictedInstrument = "aspnetcore.memory_pool.evicted";

    private long streamsClosed;
    private long poolEvicted;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IdleMemoryTrim)
        {
            return;
        }

        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        var runs = meter.CreateCounter<long>("mcu.gateway.idle_trim.runs", "{collection}", "Idle trims run: blocking full collections while the process was quiet (docs/reliability.md).");
        var returned = meter.CreateCounter<long>("mcu.gateway.idle_trim.returned", "By", "Working set the idle trims gave back to the operating system.");
        using var listener = ListenForReleasedMemory();
        using var timer = new PeriodicTimer(IdleTrimPolicy.CheckInterval, time);
        var allocated = GC.GetTotalAllocatedBytes();
        var lastTrim = time.GetTimestamp();
        var wait = IdleTrimPolicy.MinimumInterval;
        var closedAtLastTrim = 0L;
        var evictedAtLastTrim = 0L;
        var busySinceLastTrim = false;
        while (await WaitAsync(timer, stoppingToken))
        {
            var allocatedNow = GC.GetTotalAllocatedBytes();
            var memory = GC.GetGCMemoryInfo();
            var closed = Interlocked.Read(ref streamsClosed);
            var evicted = Interlocked.Read(ref poolEvicted);
            var check = new IdleTrimCheck(
                allocatedNow - allocated,
                closed - closedAtLastTrim,
                evicted - evictedAtLastTrim,
                memory.TotalCommittedBytes,
                memory.HeapSizeBytes,
                time.GetElapsedTime(lastTrim),
                ThreadPool.PendingWorkItemCount,
                busySinceLastTrim);
            allocated = allocatedNow;
            Checked(logger, check.AllocatedSinceLastCheck >> 10, check.PendingWorkItems, (check.CommittedBytes - check.HeapBytesAfterLastCollection) >> 20, check.StreamsClosedSinceLastTrim, check.PoolBytesEvictedSinceLastTrim >> 20, (long)wait.TotalSeconds);
            if (!IdleTrimPolicy.ShouldTrim(check, wait))
            {
                busySinceLastTrim |= IdleTrimPolicy.IsBurst(check);
                continue;
            }

            var before = Environment.WorkingSet;
            var paused = GC.GetTotalPauseDuration();
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var pauseMs = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds;
            var after = Environment.WorkingSet;
            runs.Add(1);
            returned.Add(Math.Max(0, before - after));
            wait = IdleTrimPolicy.NextWait(wait, before - after);
            Trimmed(logger, before >> 20, after >> 20, pauseMs, check.StreamsClosedSinceLastTrim, check.PoolBytesEvictedSinceLastTrim >> 20, check.AllocatedSinceLastCheck >> 10, (long)wait.TotalSeconds);
            lastTrim = time.GetTimestamp();
            closedAtLastTrim = closed;
            evictedAtLastTrim = evicted;
            busySinceLastTrim = false;
            allocated = GC.GetTotalAllocatedBytes();
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private MeterListener ListenForReleasedMemory()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // The streams of this host; Kestrel's pool whoever created its meter (one server per process, outside tests).
                var ours = ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Meter.Name == GatewayMetrics.MeterName;
                if ((ours && instrument.Name is OpenStreamsInstrument or ReleasingBlockPoolFactory.ReleasedInstrument)
                    || (instrument.Meter.Name == PoolMeter && instrument.Name == PoolEvictedInstrument))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name is PoolEvictedInstrument or ReleasingBlockPoolFactory.ReleasedInstrument)
            {
                Interlocked.Add(ref poolEvicted, value);
            }
            else if (value < 0)
            {
                Interlocked.Increment(ref streamsClosed);
            }
        });
        listener.Start();
        return listener;
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Debug, Message = "Idle trim: a full collection returned memory ({BeforeMb} MB → {AfterMb} MB working set, paused {PauseMs:F1} ms; {StreamsClosed} streams ended and {EvictedMb} MB of Kestrel's blocks evicted since the last trim, {AllocatedKb} KB allocated in the last check; next trim in {WaitSeconds} s at the earliest)")]
    private static partial void Trimmed(ILogger logger, long beforeMb, long afterMb, double pauseMs, long streamsClosed, long evictedMb, long allocatedKb, long waitSeconds);

    [LoggerMessage(EventId = 61, Level = LogLevel.Trace, Message = "Idle trim check: {AllocatedKb} KB allocated since the last check, {PendingWorkItems} work items queued, {SurplusMb} MB committed beyond the heap, {StreamsClosed} streams ended and {EvictedMb} MB evicted since the last trim, wait {WaitSeconds} s")]
    private static partial void Checked(ILogger logger, long allocatedKb, long pendingWorkItems, long surplusMb, long streamsClosed, long evictedMb, long waitSeconds);
}
