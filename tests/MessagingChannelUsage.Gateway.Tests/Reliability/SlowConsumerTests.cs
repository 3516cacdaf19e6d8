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
/// MCU_SLOW_CONSUMER_CONNECTIONS says otherwise, and its RSS growth per stream is measured.
/// </summary>
public sealed class SlowConsumerTests(ITestOutputHelper output)
{
    private const int Offered = 50_000;

    [Fact]
    public async Task StreamsWhoseClientNeverReads_StopBeingReadLongBeforeTheClientStopsSending()
    {
        if (Environment.GetEnvironmentVariable("MCU_SLOW_CONSUMER_TARGET") is { Length: > 0 } target)
        {
            await MeasureRunningGatewayAsync(new Uri(target), int.Parse(Environment.GetEnvironmentVariable("MCU_SLOW_CONSUMER_PID")!, CultureInfo.InvariantCulture));
            return;
        }

        await using var host = await GatewayHost.StartAsync();
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
        var before = Rss(pid);
        long loaded;
        int streams;
        await using (var consumers = new SlowConsumer(target, "0Mj0000000DEMO5CAP", connections, streamsPerConnection: 5, requestsPerStream: Offered))
        {
            streams = consumers.Streams;
            await consumers.StartAsync();
            loaded = await SettledAsync(() => Rss(pid), tolerance: 1 << 20, TimeSpan.FromSeconds(3));
        }

        // Steady over 5 s: longer than two checks of the gateway's idle trim, which returns memory once the clients are gone.
        var after = await SettledAsync(() => Rss(pid), tolerance: 1 << 20, TimeSpan.FromSeconds(5));
        var perStream = (loaded - before) / streams;
        output.WriteLine($"{connections} connections × 5 streams that never read: RSS {before >> 20} MB → {loaded >> 20} MB ({perStream / 1024} KB per stream) → {after >> 20} MB after they closed");
        const long KestrelBuffers = Http2Limits.InitialStreamWindowSize + Http2Limits.MaxResponseBufferSize;
        Assert.True(perStream <= KestrelBuffers + (64 * 1024), $"RSS grew {perStream / 1024} KB per stream");
    }

    /// <summary>VmRSS of a process, in bytes (Linux).</summary>
    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>
    /// Waits until the value stops moving (within <paramref name="tolerance"/> over one
    /// <paramref name="interval"/>), bounded by twice the test timeout.
    /// </summary>
    private static async Task<long> SettledAsync(Func<long> value, long tolerance, TimeSpan? interval = null)
    {
        var last = -1L;
        var deadline = DateTime.UtcNow + TaskTimeouts.Default + TaskTimeouts.Default;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(500));
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
