using System.Text.Json;
using System.Text.RegularExpressions;
using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.TestSupport;
using YamlDotNet.RepresentationModel;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>
/// The Grafana dashboard and the Prometheus alert rules only use what the gateway exports: a real
/// gateway on a real Redis routes every kind of message, loses Redis and gets it back, and every
/// metric and label named by a dashboard query or an alert expression must be in its /metrics scrape.
/// </summary>
[Collection(OperabilityRunsAlone.Name)]
public sealed partial class DashboardAndAlertTests : IAsyncLifetime
{
    // Labels Prometheus adds itself (instance, job) or that belong to histograms (le).
    private static readonly HashSet<string> ServerLabels = ["le", "instance", "job"];

    private RedisServer redis = null!;
    private GatewayHost host = null!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        host = await GatewayHost.StartAsync([new("Store:Kind", "Redis"), new("Store:RedisConnectionString", redis.Endpoint + ",abortConnect=false")]);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task EveryMetricAndLabel_TheDashboardAndTheAlertsUse_IsInARealScrape()
    {
        var scrape = await ScrapeAfterEveryKindOfTrafficAsync();
        var exported = scrape.Samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var labels = scrape.Samples.SelectMany(s => s.Labels.Keys).ToHashSet(StringComparer.Ordinal);
        var queries = DashboardQueries().Select(q => ("dashboard", q)).Concat(AlertExpressions().Select(e => ("alerts", e))).ToList();

        Assert.True(queries.Count >= 10, "the dashboard and the alerts have queries");
        var missing = new List<string>();
        foreach (var (file, query) in queries)
        {
            missing.AddRange(MetricRegex().Matches(query).Select(m => m.Value).Where(name => !exported.Contains(name)).Select(name => $"{file}: metric {name}"));
            missing.AddRange(LabelsUsed(query).Where(label => !labels.Contains(label) && !ServerLabels.Contains(label)).Select(label => $"{file}: label {label}"));
        }

        Assert.Empty(missing.Distinct());
    }

    [Fact]
    public void TheDashboard_ShowsDecisionsErrorsLatencyNearCacheAndRedis()
    {
        var all = string.Join('\n', DashboardQueries());

        Assert.Contains("sum by (routing_handler, routing_reason) (rate(mcu_gateway_decisions_total", all, StringComparison.Ordinal);
        Assert.Contains("sum by (error_code) (rate(mcu_gateway_routing_errors_total", all, StringComparison.Ordinal);
        Assert.Contains("histogram_quantile(0.99, sum by (le) (rate(mcu_gateway_routing_duration_seconds_bucket", all, StringComparison.Ordinal);
        Assert.Contains("mcu_store_near_cache_hits_total", all, StringComparison.Ordinal);
        Assert.Contains("mcu_store_redis_duration_seconds_bucket", all, StringComparison.Ordinal);
    }

    [Fact]
    public void TheAlerts_CoverErrorRateLatencyAndTheStore_EachWithASeverityAndASummary()
    {
        var rules = AlertRules();
        var names = rules.Select(r => Scalar(r, "alert")).ToList();

        Assert.Contains("McuRoutingErrorRateHigh", names);
        Assert.Contains("McuRoutingLatencyP99High", names);
        Assert.Contains("McuStoreUnavailable", names);
        Assert.Contains("McuStoreStateLost", names);
        Assert.All(rules, r => Assert.False(string.IsNullOrEmpty(Scalar((YamlMappingNode)r["labels"], "severity")), $"{Scalar(r, "alert")}: severity"));
        Assert.All(rules, r => Assert.False(string.IsNullOrEmpty(Scalar((YamlMappingNode)r["annotations"], "summary")), $"{Scalar(r, "alert")}: summary"));
    }

    /// <summary>Decisions, errors, a stream, a channel change, a Redis outage and its end: every series the gateway has.</summary>
    private async Task<PrometheusText> ScrapeAfterEveryKindOfTrafficAsync()
    {
        using var scraper = new MetricsScraper(host);
        var channels = new TestChannels(host.Services);
        var channel = await channels.ServiceOnlyAsync();
        var router = host.CreateClient<MessageRouter.MessageRouterClient>();
        await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "hello");
        await router.OutboundAsync(channel.Id, TestChannel.NewPlatformKey(), Handler.OmniChannel);
        await router.InboundAsync(SalesforceId.NewId(KeyPrefixes.MessagingChannel), TestChannel.NewPlatformKey(), "anyone?");
        await Assert.ThrowsAsync<RpcException>(() => router.InboundAsync("not-an-id", TestChannel.NewPlatformKey(), "hi"));
        using (var stream = router.RouteStream(Calls.Options))
        {
            await stream.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound(channel.Id, TestChannel.NewPlatformKey(), "stream") }).WithTimeout();
            await stream.RequestStream.CompleteAsync().WithTimeout();
            while (await stream.ResponseStream.MoveNext().WithTimeout())
            {
            }
        }

        await channels.ServiceOnlyAsync(); // a change the near cache hears

        await redis.StopAsync();
        await Assert.ThrowsAsync<RpcException>(() => router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "hello"));
        await redis.StartAgainAsync();

        // The link comes back: the near cache is flushed, and the private Redis (no persistence)
        // came back empty, a state loss. Wait for the counters, not for a time.
        var scrape = await scraper.ScrapeAsync().WithTimeout();
        for (var attempt = 0; attempt < 150 && !(scrape.Has("mcu_store_near_cache_flushes_total") && scrape.Has("mcu_store_state_lost")); attempt++)
        {
            await Task.Delay(200);
            scrape = await scraper.ScrapeAsync().WithTimeout();
        }

        return scrape;
    }

    private static IEnumerable<string> LabelsUsed(string query)
        => ByRegex().Matches(query).SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Concat(MatcherRegex().Matches(query).Select(m => m.Groups[1].Value));

    private static List<string> DashboardQueries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("deploy", "grafana", "mcu-gateway-dashboard.json")));
        var root = dashboard.RootElement;
        var targets = root.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!);
        var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(v => v.GetProperty("type").GetString() == "query")
            .Select(v => v.GetProperty("query").GetString()!);
        return [.. targets, .. variables];
    }

    private static List<string> AlertExpressions() => AlertRules().Select(r => Scalar(r, "expr")).ToList();

    private static List<YamlMappingNode> AlertRules()
    {
        using var reader = new StreamReader(RepositoryFiles.PathOf("deploy", "prometheus", "mcu-gateway-alerts.yaml"));
        var yaml = new YamlStream();
        yaml.Load(reader);
        var groups = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["groups"];
        return groups.Children.Cast<YamlMappingNode>()
            .SelectMany(g => ((YamlSequenceNode)g["rules"]).Children.Cast<YamlMappingNode>())
            .ToList();
    }

    private static string Scalar(YamlMappingNode node, string key)
        => node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value ?? string.Empty : string.Empty;

    // The gateway's own metrics all start with mcu_ (label names never do).
    [GeneratedRegex(@"\bmcu_[a-z0-9_]+\b")]
    private static partial Regex MetricRegex();

    [GeneratedRegex(@"\bby\s*\(([^)]*)\)")]
    private static partial Regex ByRegex();

    [GeneratedRegex(@"([a-z_][a-z0-9_]*)\s*(?:=~|!~|!=|=)\s*""")]
    private static partial Regex MatcherRegex();
}
