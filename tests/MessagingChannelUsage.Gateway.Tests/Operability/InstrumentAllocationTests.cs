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

        var allocated = await ThreadAllocations.FewestAsync(Route, Repetitions);

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

        var allocated = await ThreadAllocations.FewestAsync(Call, Repetitions);

        Assert.Equal(0, allocated);
        Assert.True(await ScrapedAsync("mcu_store_redis_errors_total"), "the SDK really listened to the measurements");
    }

    private async Task<bool> ScrapedAsync(string name)
    {
        using var scraper = new MetricsScraper(host);
        return (await scraper.ScrapeAsync().WithTimeout()).Sum(name) >= Repetitions;
    }
}
