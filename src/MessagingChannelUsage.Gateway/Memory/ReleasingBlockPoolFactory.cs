using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MessagingChannelUsage.Gateway.Telemetry;
using Microsoft.AspNetCore.Connections;

namespace MessagingChannelUsage.Gateway.Memory;

/// <summary>
/// Hands Kestrel's socket transport <see cref="ReleasingBlockPool"/>s (it asks through
/// <see cref="IMemoryPoolFactory{T}"/>, ASP.NET Core 10) and releases their unused blocks on a timer.
/// Reports what the pools hold with observable instruments (read at a scrape, nothing per block):
/// <c>mcu.gateway.memory_pool.allocated</c>, <c>.released</c> (a counter the idle trim listens to:
/// released blocks are garbage only a collection returns) and <c>.idle</c>.
/// </summary>
internal sealed class ReleasingBlockPoolFactory : IMemoryPoolFactory<byte>, IDisposable
{
    /// <summary>
    /// How often unused blocks are released: Kestrel's own eviction period. A block is released
    /// after one to two intervals without use, so a burst's blocks go within 20 s of its end.
    /// </summary>
    public static readonly TimeSpan ReleaseInterval = TimeSpan.FromSeconds(10);

    public const string ReleasedInstrument = "mcu.gateway.memory_pool.released";

    private readonly ConcurrentDictionary<ReleasingBlockPool, byte> pools = new();
    private readonly Counter<long> released;
    private readonly ITimer timer;

    public ReleasingBlockPoolFactory(IMeterFactory meterFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(time);
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        released = meter.CreateCounter<long>(ReleasedInstrument, "By", "Bytes of I/O buffer blocks the gateway's pool let go of after they went unused (Gateway:ReleaseIdleBuffers).");
        meter.CreateObservableCounter("mcu.gateway.memory_pool.allocated", () => Sum(p => p.AllocatedBytes), "By", "Bytes of I/O buffer blocks the gateway's pool allocated; allocated − released is what it holds.");
        meter.CreateObservableUpDownCounter("mcu.gateway.memory_pool.idle", () => Sum(p => p.IdleBytes), "By", "Bytes of I/O buffer blocks in the pool, not in use.");
        timer = time.CreateTimer(_ => ReleaseUnused(), null, ReleaseInterval, ReleaseInterval);
    }

    /// <summary>Bytes the pools hold: rented and idle blocks.</summary>
    public long HeldBytes => Sum(p => p.AllocatedBytes - p.ReleasedBytes);

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        var pool = new ReleasingBlockPool(disposed => pools.TryRemove(disposed, out _));
        pools.TryAdd(pool, 0);
        return pool;
    }

    /// <summary>Releases, in every pool, the blocks unused since the previous call; returns the bytes released.</summary>
    public long ReleaseUnused()
    {
        var bytes = Sum(p => p.ReleaseUnused());
        if (bytes > 0)
        {
            released.Add(bytes);
        }

        return bytes;
    }

    /// <summary>Stops the timer; the pools are Kestrel's to dispose (it may still be draining connections).</summary>
    public void Dispose() => timer.Dispose();

    private long Sum(Func<ReleasingBlockPool, long> bytes)
    {
        var sum = 0L;
        foreach (var pool in pools.Keys)
        {
            sum += bytes(pool);
        }

        return sum;
    }
}
