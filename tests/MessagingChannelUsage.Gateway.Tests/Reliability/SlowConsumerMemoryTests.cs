using MessagingChannelUsage.Gateway.Hosting;
using MessagingChannelUsage.Gateway.Telemetry;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Gateway.Tests.Operability;
using MessagingChannelUsage.TestSupport;
using Xunit.Abstractions;

namespace MessagingChannelUsage.Gateway.Tests.Reliability;

/// <summary>
/// What slow clients leave behind (docs/reliability.md#slow-consumers): rounds of RouteStreams that
/// never read, each round torn down. After a round, once the GC has run, no per-stream object of
/// the gateway survives (the managed heap does not grow round over round), and Kestrel's pinned
/// block pool, which keeps the blocks that held the streams' buffered requests, reuses them in the
/// next round instead of growing. Bytes are counted after a forced full collection, never time.
/// Runs alone: the heap is the whole test process's.
/// </summary>
[Collection(OperabilityRunsAlone.Name)]
public sealed class SlowConsumerMemoryTests(ITestOutputHelper output)
{
    private const int Connections = 20;
    private const int StreamsPerConnection = 5;
    private const int Streams = Connections * StreamsPerConnection;
    private const int Rounds = 3;

    [Fact]
    public async Task Rounds_of_streams_that_never_read_leave_nothing_that_grows_once_the_gc_has_run()
    {
        await using var host = await GatewayHost.StartAsync(SlowConsumer.GatewaySettings);
        using var open = new InstrumentSum(host.Services, GatewayMetrics.MeterName, "mcu.gateway.route_stream.active");
        using var received = new InstrumentSum(host.Services, GatewayMetrics.MeterName, "mcu.gateway.route_stream.messages");

        var baseline = HeapAfterFullCollection();
        var after = new List<HeapSizes>();
        for (var round = 1; round <= Rounds; round++)
        {
            await using (var consumers = new SlowConsumer(host.Address, "0Mj0000000DEMO5CAP", Connections, StreamsPerConnection, requestsPerStream: 50_000))
            {
                var readBefore = received.Value;
                await consumers.StartAsync();
                Assert.True(await ReadingStoppedAsync(received, readBefore), "the gateway kept reading, or the streams never started: " + consumers.State());
                Assert.True(received.Value - readBefore > Streams, "the streams never started: " + consumers.State());
            }

            Assert.True(await TaskTimeouts.Eventually(() => open.Value == 0), "streams still open after the clients went away");
            after.Add(HeapAfterFullCollection());
            output.WriteLine($"round {round}: {Streams} streams; after a full GC: managed heap {after[^1].Managed / 1024} KB, pinned (Kestrel's block pool) {after[^1].Pinned / 1024} KB");
        }

        output.WriteLine($"before any round: managed heap {baseline.Managed / 1024} KB, pinned {baseline.Pinned / 1024} KB");

        // A leak of even 8 KB per stream would add Streams × 8 KB per round; what stays is pools, reused.
        const long PerStreamSlack = 8 * 1024;
        Assert.True(after[^1].Managed - after[0].Managed <= Streams * PerStreamSlack, $"the managed heap grew {(after[^1].Managed - after[0].Managed) / 1024} KB from round 1 to round {Rounds}");
        const long KestrelBuffers = Http2Limits.InitialStreamWindowSize + Http2Limits.MaxResponseBufferSize;
        Assert.True(after[^1].Pinned - after[0].Pinned <= Streams * KestrelBuffers / 4, $"Kestrel's pinned blocks grew {(after[^1].Pinned - after[0].Pinned) / 1024} KB from round 1 to round {Rounds}: not reused");
    }

    /// <summary>
    /// The gateway read from every stream and then stopped: its message count is past one per stream
    /// and does not move over half a second. (Without the first condition a busy machine that had
    /// not started the streams within half a second read as "stopped".)
    /// </summary>
    private static async Task<bool> ReadingStoppedAsync(InstrumentSum received, long readBefore)
    {
        var deadline = DateTime.UtcNow + TaskTimeouts.Default;
        var last = -1L;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            var now = received.Value;
            if (now == last && now - readBefore > Streams)
            {
                return true;
            }

            last = now;
        }

        return false;
    }

    private static HeapSizes HeapAfterFullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var generations = GC.GetGCMemoryInfo(GCKind.FullBlocking).GenerationInfo;

        // gen0, gen1, gen2, large objects; then the pinned object heap (Kestrel's blocks live there).
        var managed = 0L;
        for (var i = 0; i < 4; i++)
        {
            managed += generations[i].SizeAfterBytes - generations[i].FragmentationAfterBytes;
        }

        return new HeapSizes(managed, generations[4].SizeAfterBytes - generations[4].FragmentationAfterBytes);
    }

    private sealed record HeapSizes(long Managed, long Pinned);
}
