using System.Globalization;
using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>Routes a known mix through a real gateway and reads the counters back from its Prometheus endpoint.</summary>
[Collection(OperabilityRunsAlone.Name)]
public sealed class MetricsScrapeTests : IAsyncLifetime
{
    private const string Decisions = "mcu_gateway_decisions_total";
    private static readonly string?[] HandlerNames = ContractEnumNames.Table<Handler>();
    private static readonly string?[] ReasonNames = ContractEnumNames.Table<RoutingReason>();
    private const string Errors = "mcu_gateway_routing_errors_total";
    private const string DurationCount = "mcu_gateway_routing_duration_seconds_count";
    private const string StreamMessages = "mcu_gateway_route_stream_messages_total";
    private const string ActiveStreams = "mcu_gateway_route_stream_active";
    private const string NearCacheHits = "mcu_store_near_cache_hits_total";
    private const string NearCacheMisses = "mcu_store_near_cache_misses_total";
    private const string NearCacheInvalidations = "mcu_store_near_cache_invalidations_total";

    private GatewayHost host = null!;

    public async Task InitializeAsync() => host = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Scrape_AfterAKnownMix_CountsEveryDecisionByHandlerAndReasonExactly()
    {
        using var scraper = new MetricsScraper(host);
        var before = await scraper.ScrapeAsync().WithTimeout();

        var channels = new TestChannels(host.Services);
        var serviceOnly = await channels.ServiceOnlyAsync();
        var both = await channels.BothActiveAsync(routingOverride: null);
        var marketing = await channels.MarketingOnlyAsync();
        var unknown = SalesforceId.NewId(KeyPrefixes.MessagingChannel);
        var router = host.CreateClient<MessageRouter.MessageRouterClient>();

        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        var errorCodes = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookups = 0; // messages with a well-formed channel id: each takes one snapshot lookup
        void Count(RoutingDecision decision)
        {
            if (decision.Error is { } error)
            {
                errorCodes[error.ErrorCode] = errorCodes.GetValueOrDefault(error.ErrorCode) + 1;
                return;
            }

            // Labels are spelled as the contract (and mcu) spell the values.
            var key = ContractEnumNames.Of(HandlerNames, (int)decision.Handler) + "|" + ContractEnumNames.Of(ReasonNames, (int)decision.Reason);
            expected[key] = expected.GetValueOrDefault(key) + 1;
        }

        var inbound = new (string Channel, string Text, int Times)[]
        {
            (serviceOnly.Id, "where is my order", 5),
            (marketing.Id, "hello", 3),
            (both.Id, "JOIN", 2),
            (both.Id, "a question", 2),
            (serviceOnly.Id, "HELP", 1),
            (unknown, "anyone?", 4),
            (marketing.Id, "STOP", 2),
        };
        foreach (var (channel, text, times) in inbound)
        {
            for (var i = 0; i < times; i++)
            {
                Count(await router.InboundAsync(channel, TestChannel.NewPlatformKey(), text));
                lookups++;
            }
        }

        for (var i = 0; i < 3; i++)
        {
            Count(await router.OutboundAsync(serviceOnly.Id, TestChannel.NewPlatformKey(), Handler.OmniChannel));
            lookups++;
        }

        // Two unary calls rejected at validation (no decision, no snapshot lookup).
        for (var i = 0; i < 2; i++)
        {
            var failure = await Assert.ThrowsAsync<RpcException>(() => router.InboundAsync("not-an-id", TestChannel.NewPlatformKey(), "hi"));
            var code = Calls.Details(failure).Info!.Reason;
            errorCodes[code] = errorCodes.GetValueOrDefault(code) + 1;
        }

        // A stream: four decisions and one bad item.
        var streamed = new[]
        {
            new RouteRequest { Inbound = Messages.Inbound(serviceOnly.Id, TestChannel.NewPlatformKey(), "stream one") },
            new RouteRequest { Inbound = Messages.Inbound(marketing.Id, TestChannel.NewPlatformKey(), "stream two") },
            new RouteRequest { Outbound = Messages.Outbound(serviceOnly.Id, TestChannel.NewPlatformKey(), Handler.OmniChannel) },
            new RouteRequest { Inbound = Messages.Inbound(unknown, TestChannel.NewPlatformKey(), "stream four") },
            new RouteRequest { Inbound = Messages.Inbound("bad", TestChannel.NewPlatformKey(), "stream five") },
        };
        using (var stream = router.RouteStream(Calls.Options))
        {
            foreach (var request in streamed)
            {
                await stream.RequestStream.WriteAsync(request).WithTimeout();
            }

            await stream.RequestStream.CompleteAsync().WithTimeout();
            while (await stream.ResponseStream.MoveNext().WithTimeout())
            {
                Count(stream.ResponseStream.Current);
            }
        }

        lookups += 4;

        // A change heard by the (now running) near cache: a new channel is announced.
        await channels.ServiceOnlyAsync();
        var after = await scraper.ScrapeAsync().WithTimeout();

        var decided = Delta(before, after, Decisions, "routing_handler", "routing_reason");
        var failed = Delta(before, after, Errors, "error_code");
        Assert.Equal(Sorted(expected), Sorted(decided));
        Assert.Equal(Sorted(errorCodes), Sorted(failed));
        Assert.True(expected.Count >= 6, "the mix should reach several handler/reason pairs");
        Assert.Contains("HANDLER_OMNI_CHANNEL|ROUTING_REASON_SERVICE_ONLY", decided.Keys);
        Assert.Equal(expected.Values.Sum() + errorCodes.Values.Sum(), after.Sum(DurationCount) - before.Sum(DurationCount));
        Assert.Equal(streamed.Length, after.Sum(StreamMessages) - before.Sum(StreamMessages));
        Assert.Equal(0, after.Sum(ActiveStreams));
        Assert.Equal(lookups, after.Sum(NearCacheHits) + after.Sum(NearCacheMisses) - before.Sum(NearCacheHits) - before.Sum(NearCacheMisses));
        Assert.True(after.Sum(NearCacheMisses) - before.Sum(NearCacheMisses) >= 4, "each channel's first lookup misses");
        Assert.True(after.Sum(NearCacheInvalidations) > before.Sum(NearCacheInvalidations), "a channel created while the near cache runs is announced to it");
    }

    [Fact]
    public async Task MetricsListener_ServesOnlyTheScrapePath_AndTheGrpcListenerServesNoMetrics()
    {
        using var scraper = new MetricsScraper(host);
        var scrape = await scraper.ScrapeAsync().WithTimeout();
        Assert.NotEmpty(scrape.Samples);

        var other = new UriBuilder(scraper.Address) { Path = "/messaging.v1.MessageRouter/RouteInbound" }.Uri;
        using (var response = await scraper.Http.GetAsync(other).WithTimeout())
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        }

        // The gRPC listener speaks HTTP/2 only: an HTTP/1.1 scrape there gets no metrics.
        var onGrpcPort = new UriBuilder(host.Address) { Path = "/metrics" }.Uri;
        Assert.NotEqual(scraper.Address.Port, onGrpcPort.Port);
        string? body = null;
        try
        {
            using var response = await scraper.Http.GetAsync(onGrpcPort).WithTimeout();
            body = await response.Content.ReadAsStringAsync();
        }
        catch (HttpRequestException)
        {
            // Expected: the HTTP/2-only endpoint rejects an HTTP/1.1 request.
        }

        Assert.DoesNotContain("mcu_", body ?? string.Empty, StringComparison.Ordinal);
    }

    private static Dictionary<string, int> Delta(PrometheusText before, PrometheusText after, string name, params string[] labels)
    {
        var old = before.ByLabels(name, labels);
        return after.ByLabels(name, labels)
            .Select(pair => (pair.Key, Value: pair.Value - old.GetValueOrDefault(pair.Key)))
            .Where(pair => pair.Value != 0)
            .ToDictionary(pair => pair.Key, pair => (int)pair.Value, StringComparer.Ordinal);
    }

    private static string Sorted(Dictionary<string, int> counts)
        => string.Join(", ", counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value.ToString(CultureInfo.InvariantCulture)));
}
