using MessagingChannelUsage.Gateway.Tests.Infrastructure;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>
/// Kestrel's block-pool metrics are exported only when Telemetry:MemoryPoolMetrics is on (they cost
/// 3–5 % of routing throughput: a measurement per rented block; docs/performance.md).
/// </summary>
[Collection(OperabilityRunsAlone.Name)]
public sealed class MemoryPoolMetricsTests
{
    private const string PoolMetric = "aspnetcore_memory_pool_";

    [Fact]
    public async Task By_default_the_scrape_has_no_block_pool_metrics_but_keeps_the_request_metrics()
    {
        var text = await ScrapeTwiceAsync(configuration: null);

        Assert.DoesNotContain(PoolMetric, text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_setting_on_the_scrape_has_the_block_pool_metrics()
    {
        var text = await ScrapeTwiceAsync([new("Telemetry:MemoryPoolMetrics", "true")]);

        Assert.Contains(PoolMetric, text, StringComparison.Ordinal);
    }

    /// <summary>The second scrape: the first one's request rented blocks and was measured.</summary>
    private static async Task<string> ScrapeTwiceAsync(IEnumerable<KeyValuePair<string, string?>>? configuration)
    {
        await using var host = await GatewayHost.StartAsync(configuration);
        using var scraper = new MetricsScraper(host);
        _ = await scraper.Http.GetStringAsync(scraper.Address);
        return await scraper.Http.GetStringAsync(scraper.Address);
    }
}
