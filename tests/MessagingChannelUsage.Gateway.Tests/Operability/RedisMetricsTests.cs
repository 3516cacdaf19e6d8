using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>The Redis store's calls show up on the scrape endpoint: latency by operation, and failures during an outage.</summary>
[Collection(OperabilityRunsAlone.Name)]
public sealed class RedisMetricsTests : IAsyncLifetime
{
    private const string DurationCount = "mcu_store_redis_duration_seconds_count";
    private const string Errors = "mcu_store_redis_errors_total";
    private const string Operation = "db_operation_name";

    private RedisServer redis = null!;
    private GatewayHost host = null!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        host = await GatewayHost.StartAsync([new("Store:Kind", "Redis"), new("Store:RedisConnectionString", redis.Endpoint)]);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task RoutingOnRedis_RecordsCallLatencyByOperation_AndFailuresDuringAnOutage()
    {
        using var scraper = new MetricsScraper(host);
        var channel = await new TestChannels(host.Services).ServiceOnlyAsync();
        var router = host.CreateClient<MessageRouter.MessageRouterClient>();
        var before = await scraper.ScrapeAsync().WithTimeout();

        await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "hello");
        await router.InboundAsync(SalesforceId.NewId(KeyPrefixes.MessagingChannel), TestChannel.NewPlatformKey(), "hello");
        var served = await scraper.ScrapeAsync().WithTimeout();

        Assert.True(served.Sum(DurationCount, (Operation, "channel_load")) - before.Sum(DurationCount, (Operation, "channel_load")) >= 2, "both channels were loaded");
        Assert.Equal(1, served.Sum(DurationCount, (Operation, "end_user_read")) - before.Sum(DurationCount, (Operation, "end_user_read")));
        Assert.Equal(1, served.Sum(DurationCount, (Operation, "end_user_apply")) - before.Sum(DurationCount, (Operation, "end_user_apply")));
        Assert.Equal(0, served.Sum(Errors));

        await redis.StopAsync();
        var outage = await Assert.ThrowsAsync<RpcException>(() => router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "hello"));
        Assert.Equal(StatusCode.Unavailable, outage.StatusCode);
        var failed = await scraper.ScrapeAsync().WithTimeout();

        // Which call fails first depends on whether the lost pub/sub link already flushed the near
        // cache (then the channel load fails, else the end-user read): exactly one of them counts.
        var errors = failed.ByLabels(Errors, Operation, "error_type");
        var error = Assert.Single(errors);
        Assert.Equal(1, error.Value);
        Assert.Matches("^(channel_load|end_user_read)\\|Redis\\w*Exception$", error.Key);
    }
}
