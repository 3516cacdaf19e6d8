using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.Store.Tests.Redis;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace MessagingChannelUsage.Store.Tests.Reliability;

/// <summary>The store's health as the gateway's readiness sees it: reachability and state loss, on a real Redis.</summary>
public sealed class StoreHealthTests : IAsyncLifetime
{
    private readonly string prefix = RedisTestStores.NewPrefix();
    private RedisServer? server;
    private ServiceProvider? services;
    private IHostedService[] hosted = [];

    private RedisServer Server => server!;

    private IStoreHealth Health => services!.GetRequiredService<IStoreHealth>();

    private FakeLogCollector Logs => services!.GetFakeLogCollector();

    public async Task InitializeAsync()
    {
        server = await RedisServer.StartAsync();
        services = new ServiceCollection()
            .AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Debug))
            .AddRedisStore(options =>
            {
                options.RedisConnectionString = Server.Endpoint + ",connectTimeout=1000,asyncTimeout=1000";
                options.RedisKeyPrefix = prefix;
                options.HealthCheckInterval = TimeSpan.FromMilliseconds(50);
                options.RunSessionReaper = false;
            })
            .BuildServiceProvider();
        hosted = [.. services.GetServices<IHostedService>()];
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None).WithTimeout();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var service in hosted.Reverse())
        {
            await service.StopAsync(CancellationToken.None).WithTimeout();
        }

        await services!.DisposeAsync();
        await Server.DisposeAsync();
    }

    [Fact]
    public async Task AWipedRedis_IsReportedAsStateLost_UntilAnOperatorAcknowledges()
    {
        using var losses = new MetricCollector<long>(services!.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "MessagingChannelUsage.Store", "mcu.store.state_losses");
        Assert.True(await TaskTimeouts.Eventually(() => Health.Current.IsReady));

        await Server.CliAsync("FLUSHALL");

        Assert.True(await TaskTimeouts.Eventually(() => Health.Current.Condition == StoreCondition.StateLost));
        Assert.Single(Logs.GetSnapshot(), r => r.Level == LogLevel.Critical && r.Id.Id == 4032);
        Assert.Equal(1, losses.GetMeasurementSnapshot().EvaluateAsCounter());

        // A second instance starting on the wiped Redis writes its own marker: not an acknowledgement.
        await using var second = await RedisTestStores.StartAsync(RedisTestStores.Options(Server.Endpoint, prefix));
        await second.Epoch.EnsureAsync(CancellationToken.None).WithTimeout();
        await Task.Delay(200);
        Assert.Equal(StoreCondition.StateLost, Health.Current.Condition);

        await Server.CliAsync("SET", prefix + ":epoch", "ack:restored-from-backup");

        Assert.True(await TaskTimeouts.Eventually(() => Health.Current.IsReady));
    }

    [Fact]
    public async Task AnOutage_IsUnreachableWithOneWarning_ThenASummary_AndAnEmptyRestartIsStateLost()
    {
        Assert.True(await TaskTimeouts.Eventually(() => Health.Current.IsReady));

        await Server.StopAsync();
        Assert.True(await TaskTimeouts.Eventually(() => Health.Current.Condition == StoreCondition.Unreachable));
        await Task.Delay(300); // several checks fail meanwhile; still one warning
        await Server.StartAgainAsync().WithTimeout();

        // The test server keeps nothing on disk: it comes back empty, as after a wipe.
        Assert.True(await TaskTimeouts.Eventually(() => Health.Current.Condition == StoreCondition.StateLost));
        var records = Logs.GetSnapshot();
        Assert.Single(records, r => r.Id.Id == 4030 && r.Level == LogLevel.Warning);
        Assert.Single(records, r => r.Id.Id == 4031);
    }

    [Fact]
    public async Task RedisDownAtStart_IsLoggedAsNotReachable_NeverAsConnected()
    {
        await using var down = new RedisStore(
            RedisTestStores.Options("127.0.0.1:" + RedisServer.FreePort()),
            services!.GetRequiredService<ILoggerFactory>());

        await down.StartAsync().WithTimeout();

        Assert.Contains(Logs.GetSnapshot(), r => r.Id.Id == 4017);
        Assert.DoesNotContain(Logs.GetSnapshot(), r => r.Id.Id == 4010 && r.Message.Contains("127.0.0.1:" + down.Multiplexer.GetEndPoints()[0].ToString()!.Split(':')[^1], StringComparison.Ordinal));
    }
}
