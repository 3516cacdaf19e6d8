using System.Globalization;
using MessagingChannelUsage.Gateway.Hosting;
using MessagingChannelUsage.Gateway.Telemetry;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Xunit.Abstractions;

namespace MessagingChannelUsage.Gateway.Tests.Reliability;

/// <summary>
/// A RouteStream whose client never reads must not make the gateway read (and hold) its requests
/// without bound: answers are flushed, so HTTP/2 flow control pushes back, the window fills and
/// reading stops (docs/reliability.md#slow-consumers). Counted, not timed.
/// With MCU_SLOW_CONSUMER_TARGET (a running gateway's URL) and MCU_SLOW_CONSUMER_PID (its process)
/// the same clients run against that process instead, 200 connections × 5 streams unless
/// MCU_SLOW_CONSUMER_CONNECTIONS says otherwise, and its RSS growth per stream is measured. With
/// MCU_SLOW_CONSUMER_METRICS (its /metrics URL) the growth is split into Kestrel's buffers (what
/// the I/O block pool holds: allocated − evicted/released, Kestrel's pool or the gateway's,
/// Gateway:ReleaseIdleBuffers) and the rest, and the rest is what is checked.
/// </summary>
public sealed class SlowConsumerTests(ITestOutputHelper output)
{
    private const int Offered = 50_000;

    /// <summary>How long RSS must not move to count as steady in the separate-process run.</summary>
    private static readonly TimeSpan SteadyOver = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task StreamsWhoseClientNeverReads_StopBeingReadLongBeforeTheClientStopsSending()
    {
        if (Environment.GetEnvironmentVariable("MCU_SLOW_CONSUMER_TARGET") is { Length: > 0 } target)
        {
            await MeasureRunningGatewayAsync(new Uri(target), int.Parse(Environment.GetEnvironmentVariable("MCU_SLOW_CONSUMER_PID")!, CultureInfo.InvariantCulture));
            return;
        }

        await using var host = await GatewayHost.StartAsync(SlowConsumer.GatewaySettings);
        using var received = new MetricCollector<long>(host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), GatewayMetrics.MeterName, "mcu.gateway.route_stream.messages");
        await using var consumers = new SlowConsumer(host.Address, "0Mj0000000DEMO5CAP", connections: 4, streamsPerConnection: 5, requestsPerStream: Offered);

        await consumers.StartAsync();
        var settled = await SettledAsync(() => received.GetMeasurementSnapshot().EvaluateAsCounter(), tolerance: 0);

        var perStream = settled / consumers.Streams;
        output.WriteLine($"{consumers.Streams} streams offered {Offered} requests each; the gateway read {settled} ({perStream} per stream)");
        Assert.True(perStream > 0, "the streams never started: " + consumers.State());
        Assert.True(perStream < Offered / 4, $"the gateway read {perStream} requests per stream of {Offered} offered: nothing pushed back");
    }

    private async Task MeasureRunningGatewayAsync(Uri target, int pid)
    {
        var connections = int.Parse(Environment.GetEnvironmentVariable("MCU_SLOW_CONSUMER_CONNECTIONS") ?? "200", CultureInfo.InvariantCulture);
        var metrics = Environment.GetEnvironmentVariable("MCU_SLOW_CONSUMER_METRICS") is { Length: > 0 } url ? new Uri(url) : null;
        using var scraper = new HttpClient();
        var before = Rss(pid);
        var kestrelBefore = await BlockPoolHeldAsync(scraper, metrics);
        long loaded;
        long? kestrelLoaded;
        int streams;
        using var peak = new RssPeak(pid);
        await using (var consumers = new SlowConsumer(target, "0Mj0000000DEMO5CAP", connections, streamsPerConnection: 5, requestsPerStream: Offered))
        {
            streams = consumers.Streams;
            await consumers.StartAsync();

            // Steady: unchanged over 20 s, longer than the gateway's idle trim takes to give back
            // what the GC committed while the streams filled (the peak before it is printed too).
            loaded = await SettledAsync(() => Rss(pid), tolerance: 1 << 20, SteadyOver);
            kestrelLoaded = await BlockPoolHeldAsync(scraper, metrics);
        }

        var after = await SettledAsync(() => Rss(pid), tolerance: 1 << 20, SteadyOver);
        var poolAfter = await BlockPoolHeldAsync(scraper, metrics);
        await peak.StopAsync();
        var perStream = (loaded - before) / streams;
        output.WriteLine($"{connections} connections × 5 streams that never read: RSS {before >> 20} MB → {loaded >> 20} MB steady ({perStream / 1024} KB per stream; peak {peak.Max >> 20} MB, {(peak.Max - before) / streams / 1024} KB per stream) → {after >> 20} MB after they closed");
        if (kestrelLoaded is { } held && kestrelBefore is { } heldBefore)
        {
            var kestrelPerStream = (held - heldBefore) / streams;
            output.WriteLine($"of which Kestrel's block pool {kestrelPerStream / 1024} KB per stream (its request window is {Http2Limits.InitialStreamWindowSize / 1024} KB), the rest {(perStream - kestrelPerStream) / 1024} KB per stream; the pool held {heldBefore >> 20} MB before, {held >> 20} MB steady, {poolAfter >> 20} MB after they closed");
            Assert.True(perStream - kestrelPerStream <= 64 * 1024, $"RSS grew {(perStream - kestrelPerStream) / 1024} KB per stream beyond Kestrel's blocks");
            return;
        }

        const long KestrelBuffers = Http2Limits.InitialStreamWindowSize + Http2Limits.MaxResponseBufferSize;
        Assert.True(perStream <= KestrelBuffers + (64 * 1024), $"RSS grew {perStream / 1024} KB per stream");
    }

    /// <summary>
    /// Bytes the I/O block pool holds (pooled or lent out): allocated − evicted for Kestrel's pool,
    /// allocated − released for the gateway's (one of the two is in use), from the gateway's
    /// /metrics; null without metrics.
    /// </summary>
    private static async Task<long?> BlockPoolHeldAsync(HttpClient scraper, Uri? metrics)
    {
        if (metrics is null)
        {
            return null;
        }

        var text = await scraper.GetStringAsync(metrics).WithTimeout();
        return Sample(text, "aspnetcore_memory_pool_allocated_bytes_total") - Sample(text, "aspnetcore_memory_pool_evicted_bytes_total")
            + Sample(text, "mcu_gateway_memory_pool_allocated_bytes_total") - Sample(text, "mcu_gateway_memory_pool_released_bytes_total");
    }

    /// <summary>The value of a Prometheus sample whose name (before its labels) is <paramref name="name"/>; 0 when absent (nothing counted yet).</summary>
    private static long Sample(string exposition, string name) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(line => (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
            .Sum();

    /// <summary>The highest VmRSS of a process, sampled every 200 ms until stopped.</summary>
    private sealed class RssPeak : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task sampling;

        public RssPeak(int pid) => sampling = SampleAsync(pid);

        public long Max { get; private set; }

        public async Task StopAsync()
        {
            await stop.CancelAsync();
            await sampling;
        }

        public void Dispose() => stop.Dispose();

        private async Task SampleAsync(int pid)
        {
            while (!stop.IsCancellationRequested)
            {
                Max = Math.Max(Max, Rss(pid));
                await Task.Delay(200, CancellationToken.None);
            }
        }
    }

    /// <summary>VmRSS of a process, in bytes (Linux).</summary>
    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>
    /// Waits until the value stops moving (within <paramref name="tolerance"/> over one
    /// <paramref name="interval"/>), bounded by twice the test timeout plus five intervals.
    /// </summary>
    private static async Task<long> SettledAsync(Func<long> value, long tolerance, TimeSpan? interval = null)
    {
        var step = interval ?? TimeSpan.FromMilliseconds(500);
        var last = -1L;
        var deadline = DateTime.UtcNow + TaskTimeouts.Default + TaskTimeouts.Default + (step * 5);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(step);
            var now = value();
            if (last >= 0 && now > 0 && Math.Abs(now - last) <= tolerance)
            {
                return now;
            }

            last = now;
        }

        return value();
    }
}
