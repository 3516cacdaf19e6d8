using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MessagingChannelUsage.Store.Telemetry;

/// <summary>
/// The state layer's instruments (Meter <see cref="MeterName"/>): near-cache hits, misses,
/// invalidations and flushes, and the latency and failures of Redis calls by operation.
/// Every method is allocation-free: tags are pre-built or string-valued (no boxing), and an
/// instrument nobody listens to costs one branch.
/// </summary>
/// <remarks>
/// Created through <see cref="IMeterFactory"/> so every host (and every test host in one process)
/// has its own Meter. Callers that may run without DI take a <c>StoreMetrics?</c> and use
/// <c>metrics?.X()</c>.
/// </remarks>
public sealed class StoreMetrics
{
    public const string MeterName = "MessagingChannelUsage.Store";

    public const string OperationTag = "db.operation.name";
    public const string ErrorTypeTag = "error.type";

    /// <summary>Bucket boundaries (seconds) of the Redis latency: 50 µs … 5 s, where loopback and LAN calls land.</summary>
    internal static readonly double[] LatencyBuckets =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly Counter<long> nearCacheHits;
    private readonly Counter<long> nearCacheMisses;
    private readonly Counter<long> nearCacheInvalidations;
    private readonly Counter<long> nearCacheFlushes;
    private readonly Histogram<double> redisDuration;
    private readonly Counter<long> redisErrors;
    private readonly Counter<long> outages;
    private readonly Counter<long> stateLosses;
    private readonly UpDownCounter<long> stateLost;
    private readonly Counter<long> endUserCacheSuspensions;
    private readonly UpDownCounter<long> endUserCacheServing;

    public StoreMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        nearCacheHits = meter.CreateCounter<long>(
            "mcu.store.near_cache.hits", "{lookup}", "Channel snapshot lookups served from the near cache.");
        nearCacheMisses = meter.CreateCounter<long>(
            "mcu.store.near_cache.misses", "{lookup}", "Channel snapshot lookups that had to wait for a load from the store.");
        nearCacheInvalidations = meter.CreateCounter<long>(
            "mcu.store.near_cache.invalidations", "{change}", "Channel changes heard by the near cache (each drops that channel's older snapshot).");
        nearCacheFlushes = meter.CreateCounter<long>(
            "mcu.store.near_cache.flushes", "{flush}", "Whole-cache flushes (e.g. the Redis pub/sub link was lost and restored).");
        redisDuration = meter.CreateHistogram<double>(
            "mcu.store.redis.duration",
            "s",
            "Latency of Redis calls (one call may be a script or a pipelined batch), by operation.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        redisErrors = meter.CreateCounter<long>(
            "mcu.store.redis.errors", "{error}", "Redis calls that failed, by operation and exception type.");
        outages = meter.CreateCounter<long>(
            "mcu.store.outages", "{outage}", "Times the store became unreachable (one per outage, not per failed call).");
        stateLosses = meter.CreateCounter<long>(
            "mcu.store.state_losses", "{loss}", "Times the store came back without its state (epoch marker missing or replaced).");
        stateLost = meter.CreateUpDownCounter<long>(
            "mcu.store.state_lost", "{instance}", "1 while this instance holds a state loss nobody acknowledged yet (readiness is NOT_SERVING).");
        endUserCacheSuspensions = meter.CreateCounter<long>(
            "mcu.store.end_user_cache.suspensions", "{suspension}", "Times the end-user near cache stopped serving (and was flushed), by cause: heartbeat_late, connection_failed, resubscribing, stopped.");
        endUserCacheServing = meter.CreateUpDownCounter<long>(
            "mcu.store.end_user_cache.serving", "{instance}", "1 while this instance's end-user near cache serves (its invalidation link proven live by the heartbeat), 0 while every end-user read goes to Redis.");
    }

    public void StoreOutageStarted() => outages.Add(1);

    public void StateLossDetected()
    {
        stateLosses.Add(1);
        stateLost.Add(1);
    }

    public void StateLossCleared() => stateLost.Add(-1);

    public void NearCacheHit() => nearCacheHits.Add(1);

    public void NearCacheMiss() => nearCacheMisses.Add(1);

    public void NearCacheInvalidated() => nearCacheInvalidations.Add(1);

    public void NearCacheFlushed() => nearCacheFlushes.Add(1);

    /// <summary>The end-user near cache stopped serving; <paramref name="cause"/> must be a constant (a label).</summary>
    public void EndUserCacheSuspended(string cause) => endUserCacheSuspensions.Add(1, new KeyValuePair<string, object?>("cause", cause));

    /// <summary>+1 when the end-user near cache starts serving, -1 when it stops.</summary>
    public void EndUserCacheServing(int delta) => endUserCacheServing.Add(delta);

    /// <summary>Take the start of a Redis call: <c>var started = StoreMetrics.Start();</c>.</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    /// <summary>
    /// A Redis call finished. <paramref name="operation"/> must be a constant (e.g. "route_apply",
    /// "snapshot_load"): it becomes a label, so its values must stay few.
    /// </summary>
    public void RedisCallSucceeded(string operation, long started)
    {
        if (redisDuration.Enabled)
        {
            redisDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(OperationTag, operation));
        }
    }

    /// <summary>A Redis call failed: its latency is recorded too (timeouts are latency an operator wants to see).</summary>
    public void RedisCallFailed(string operation, long started, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        RedisCallSucceeded(operation, started);
        if (redisErrors.Enabled)
        {
            redisErrors.Add(
                1,
                new KeyValuePair<string, object?>(OperationTag, operation),
                new KeyValuePair<string, object?>(ErrorTypeTag, ErrorType(exception)));
        }
    }

    /// <summary>
    /// Records a failed Redis call when <paramref name="exception"/> came from Redis (Redis and
    /// timeout exceptions; not domain errors thrown inside the same try). For exception filters.
    /// </summary>
    public void RecordRedisFailure(string operation, long started, Exception exception)
    {
        if (exception is StackExchange.Redis.RedisException or TimeoutException)
        {
            RedisCallFailed(operation, started, exception);
        }
    }

    /// <summary>The exception's type name; the few Redis types are constants so the common cases do not allocate.</summary>
    private static string ErrorType(Exception exception) => exception switch
    {
        StackExchange.Redis.RedisTimeoutException => "RedisTimeoutException",
        StackExchange.Redis.RedisConnectionException => "RedisConnectionException",
        StackExchange.Redis.RedisServerException => "RedisServerException",
        TimeoutException => "TimeoutException",
        OperationCanceledException => "OperationCanceledException",
        _ => exception.GetType().Name,
    };
}
