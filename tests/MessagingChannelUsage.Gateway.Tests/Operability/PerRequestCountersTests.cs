using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>
/// ASP.NET Core's per-request counters (active requests, Kestrel's queued requests, route match
/// attempts) are exported only with Telemetry:PerRequestCounters: each records on every routed
/// message (~4 % of its CPU; docs/performance.md). The request duration of the object API and
/// Kestrel's per-connection instruments are exported either way.
/// </summary>
[Collection(OperabilityRunsAlone.Name)]
public sealed class PerRequestCountersTests
{
    private static readonly (string Label, string Value) GetChannelRoute = ("http_route", "/messaging.v1.MessagingChannelService/GetChannel");

    private static readonly string[] PerRequestCounters =
        ["http_server_active_requests", "kestrel_queued_requests", "aspnetcore_routing_match_attempts_total"];

    [Fact]
    public async Task By_default_the_scrape_has_no_per_request_counters_but_keeps_the_request_duration_and_the_connection_metrics()
    {
        var scrape = await ScrapeAfterCallsAsync(configuration: null);

        foreach (var counter in PerRequestCounters)
        {
            Assert.False(scrape.Has(counter), $"{counter} is exported");
        }

        Assert.Equal(1, scrape.Sum("http_server_request_duration_seconds_count", GetChannelRoute));
        Assert.True(scrape.Has("kestrel_active_connections"), "Kestrel's connection gauge is exported");
    }

    [Fact]
    public async Task With_the_setting_on_the_scrape_has_every_per_request_counter()
    {
        var scrape = await ScrapeAfterCallsAsync([new("Telemetry:PerRequestCounters", "true")]);

        foreach (var counter in PerRequestCounters)
        {
            Assert.True(scrape.Has(counter), $"{counter} is missing");
        }
    }

    /// <summary>
    /// A routed message and an object API read, then a scrape once the read's request duration is
    /// in it: the server records it after the response went out, so a scrape right after the
    /// client has its answer may come first (seen on a loaded box).
    /// </summary>
    private static async Task<PrometheusText> ScrapeAfterCallsAsync(IEnumerable<KeyValuePair<string, string?>>? configuration)
    {
        await using var host = await GatewayHost.StartAsync(configuration);
        var channel = await new TestChannels(host.Services).ServiceOnlyAsync();
        await host.CreateClient<MessageRouter.MessageRouterClient>().InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "where is my order");
        await host.CreateClient<MessagingChannelService.MessagingChannelServiceClient>()
            .GetChannelAsync(new GetChannelRequest { Id = channel.Id }, Calls.Options);
        using var scraper = new MetricsScraper(host);
        var scrape = await scraper.ScrapeAsync().WithTimeout();
        await TaskTimeouts.EventuallyAsync(async () =>
        {
            scrape = await scraper.ScrapeAsync().WithTimeout();
            return scrape.Sum("http_server_request_duration_seconds_count", GetChannelRoute) >= 1;
        });
        return scrape;
    }
}
