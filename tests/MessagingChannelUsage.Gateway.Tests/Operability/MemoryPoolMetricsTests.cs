using MessagingChannelUsage.Gateway.Tests.Infrastructure;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>
/// Kestrel's block-pool metrics are exported only when Telemetry:MemoryPoolMetrics is on (they cost
/// 3–5 % of routing throughput: a measurement per rented block; docs/performance.md) and Kestrel's
/// pool is in use (Gateway:ReleaseIdleBuffers=false). The gateway's own pool (the default) reports
/// through observable instruments, read at a scrape only, so they are always exported.
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
        var text = await ScrapeTwiceAsync([new("Telemetry:MemoryPoolMetrics", "true"), new("Gateway:ReleaseIdleBuffers", "false")]);

        Assert.Contains(PoolMetric, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_default_the_scrape_has_the_gateways_own_block_pool_metrics()
    {
        var text = await ScrapeTwiceAsync(configuration: null);

        Assert.Contains("mcu_gateway_memory_pool_allocated_bytes_total", text, StringComparison.Ordinal);
        Assert.Contains("mcu_gateway_memory_pool_idle_bytes", text, StringComparison.Ordinal);
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
