using System.Diagnostics;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Common;
using MessagingChannelUsage.Store.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// Watches the Redis store in the background (every Store:HealthCheckInterval): reachable or not,
/// and whether its state survived (the epoch marker, <see cref="EpochWatch"/>). Health and
/// readiness read <see cref="Current"/>. Logs one warning per outage with its cause and one
/// summary when it ends, instead of one line per failed call.
/// </summary>
internal sealed class RedisStoreMonitor(
    RedisStore store,
    IOptions<StoreOptions> options,
    TimeProvider time,
    ILogger<RedisStoreMonitor> logger,
    StoreMetrics? metrics = null) : BackgroundService, IStoreHealth
{
    private static readonly TimeSpan MinimumCheckTimeout = TimeSpan.FromSeconds(1);

    private readonly EpochWatch epoch = new();
    private StoreHealthReport current = new(StoreCondition.Unreachable, "Connecting to Redis.");
    private long outageStarted;
    private long failedCallsAtOutageStart;
    private bool inOutage;

    public StoreHealthReport Current => Volatile.Read(ref current);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.HealthCheckInterval;
        // A check waits at least a second: a short stall under load is latency, not an outage.
        var timeout = interval > MinimumCheckTimeout ? interval : MinimumCheckTimeout;
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            await CheckOnceAsync(timeout, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One look at the store, bounded by <paramref name="timeout"/>.</summary>
    internal async Task CheckOnceAsync(TimeSpan timeout, CancellationToken stoppingToken)
    {
        string? stored;
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            bounded.CancelAfter(timeout);
            stored = epoch.Known is null
                ? await store.Epoch.EnsureAsync(bounded.Token)
                : await store.Epoch.ReadAsync(bounded.Token);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException or DomainException)
        {
            OnUnreachable(ex);
            return;
        }

        OnReachable();
        switch (epoch.Observe(stored))
        {
            case EpochVerdict.Lost:
                StoreLog.StateLost(logger, store.Epoch.KeyText, stored ?? "(missing)", epoch.Known ?? "(none)");
                metrics?.StateLossDetected();
                break;
            case EpochVerdict.Restored:
                StoreLog.StateLossCleared(logger, "the epoch marker this instance knew is back: the state was reloaded");
                metrics?.StateLossCleared();
                break;
            case EpochVerdict.Acknowledged when current.Condition == StoreCondition.StateLost:
                StoreLog.StateLossCleared(logger, "an operator acknowledged it (epoch marker " + stored + ")");
                metrics?.StateLossCleared();
                break;
        }

        Publish(epoch.IsLost
            ? new StoreHealthReport(StoreCondition.StateLost, "The store lost its state (epoch marker missing or replaced); see docs/reliability.md#state-loss.")
            : StoreHealthReport.Ready);
    }

    private void OnUnreachable(Exception exception)
    {
        if (!inOutage)
        {
            inOutage = true;
            outageStarted = Stopwatch.GetTimestamp();
            failedCallsAtOutageStart = StoreErrors.UnavailableCount;
            StoreLog.StoreOutage(logger, StoreErrors.Cause(exception), exception);
            metrics?.StoreOutageStarted();
        }

        Publish(new StoreHealthReport(StoreCondition.Unreachable, $"The store is unreachable ({StoreErrors.Cause(exception)})."));
    }

    private void OnReachable()
    {
        if (inOutage)
        {
            inOutage = false;
            var seconds = Stopwatch.GetElapsedTime(outageStarted).TotalSeconds;
            StoreLog.StoreRecovered(logger, seconds, StoreErrors.UnavailableCount - failedCallsAtOutageStart);
        }
    }

    private void Publish(StoreHealthReport report) => Volatile.Write(ref current, report);
}
