using System.Diagnostics;
using MessagingChannelUsage.Gateway.Routing;
using MessagingChannelUsage.Gateway.Telemetry;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Telemetry;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>
/// The instrument calls of the hot path allocate nothing while the OpenTelemetry SDK listens
/// (the Prometheus exporter of a running gateway). Bytes are counted, never time.
/// </summary>
[Collection(OperabilityRunsAlone.Name)]
public sealed class InstrumentAllocationTests : IAsyncLifetime
{
    private const int Repetitions = 10_000;

    private GatewayHost host = null!;

    public async Task InitializeAsync() => host = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task RoutingInstruments_WithTheSdkListening_AllocateNothingPerMessage()
    {
        var telemetry = host.Services.GetRequiredService<RoutingTelemetry>();
        var metrics = host.Services.GetRequiredService<GatewayMetrics>();
        var routed = new RoutedMessage { Handler = Handler.OmniChannel, Reason = RoutingReason.ServiceOnly };
        var failure = new DomainException(ErrorKind.InvalidArgument, ErrorCodes.RequiredFieldMissing, "platform_key", "required");
        Assert.Null(Activity.Current);

        void Route()
        {
            var started = GatewayMetrics.Start();
            telemetry.Decided(Activity.Current, "0MjXX0000000001AAA", routed, inbound: true, started);
            telemetry.Failed(Activity.Current, "0MjXX0000000001AAA", failure, inbound: false, started);
            telemetry.StreamMessageReceived();
            metrics.StreamOpened();
            metrics.StreamClosed();
        }

        var allocated = await MeasureAsync(Route);

        Assert.Equal(0, allocated);
        Assert.True(await ScrapedAsync("mcu_gateway_decisions_total"), "the SDK really listened to the measurements");
    }

    [Fact]
    public async Task StoreInstruments_WithTheSdkListening_AllocateNothingPerCall()
    {
        var metrics = host.Services.GetRequiredService<StoreMetrics>();
        var failure = new TimeoutException("test");

        void Call()
        {
            metrics.NearCacheHit();
            metrics.NearCacheMiss();
            var started = StoreMetrics.Start();
            metrics.RedisCallSucceeded("route_apply", started);
            metrics.RedisCallFailed("route_apply", started, failure);
        }

        var allocated = await MeasureAsync(Call);

        Assert.Equal(0, allocated);
        Assert.True(await ScrapedAsync("mcu_store_redis_errors_total"), "the SDK really listened to the measurements");
    }

    /// <summary>
    /// Warms every tag combination up (the SDK builds its metric points once), then counts this
    /// thread's bytes over three rounds and returns the smallest. A per-call allocation shows in
    /// every round (at least <see cref="Repetitions"/> bytes); a one-time event of the runtime on
    /// this thread (tiered JIT promoting a method, seen once as 3,744 bytes under load) shows in
    /// one round at most.
    /// </summary>
    private static Task<long> MeasureAsync(Action action)
        => Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < 100; i++)
                {
                    action();
                }

                var fewest = long.MaxValue;
                for (var round = 0; round < 3; round++)
                {
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    for (var i = 0; i < Repetitions; i++)
                    {
                        action();
                    }

                    fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
                }

                return fewest;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).WithTimeout();

    private async Task<bool> ScrapedAsync(string name)
    {
        using var scraper = new MetricsScraper(host);
        return (await scraper.ScrapeAsync().WithTimeout()).Sum(name) >= Repetitions;
    }
}
