using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// Per-caller limits, partitioned by caller identity (anonymous callers by remote address),
/// routing and admin apart: a token bucket per second (System.Threading.RateLimiting, the engine
/// of ASP.NET Core rate limiting) and a limit of calls in flight (<see cref="InFlightLimit"/>) each. A unary call that finds the
/// bucket empty is refused at once (RESOURCE_EXHAUSTED + RetryInfo); RouteStream items wait for
/// a token (backpressure), up to one second's worth of waiters.
/// </summary>
internal sealed class CallerLimits : IDisposable
{
    private static readonly TimeSpan ConcurrencyRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ReplenishmentPeriod = TimeSpan.FromMilliseconds(100);

    private readonly PartitionedRateLimiter<string>? routingRate;
    private readonly PartitionedRateLimiter<string>? adminRate;
    private readonly InFlightLimit? routingConcurrency;
    private readonly InFlightLimit? adminConcurrency;

    public CallerLimits(IOptions<SecurityOptions> options)
    {
        var limits = options.Value.Limits;
        routingRate = Rate(limits.RoutingPerSecond);
        adminRate = Rate(limits.AdminPerSecond);
        routingConcurrency = Concurrency(limits.RoutingConcurrency);
        adminConcurrency = Concurrency(limits.AdminConcurrency);
    }

    /// <summary>The last anonymous partition key built, reused while calls come from the same address.</summary>
    private static AnonymousPartition? lastAnonymous;

    /// <summary>The partition of a caller: its identity, or its remote address when anonymous.</summary>
    public static string PartitionOf(Caller caller, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(http);
        if (!ReferenceEquals(caller, Caller.Anonymous))
        {
            return caller.Identity;
        }

        // Built once per address, not once per call (a string per routed message, issue 12):
        // a connector's calls come from one or a few addresses.
        var address = http.Connection.RemoteIpAddress;
        var last = Volatile.Read(ref lastAnonymous);
        if (last is not null && Equals(last.Address, address))
        {
            return last.Key;
        }

        var key = "anonymous@" + address;
        Volatile.Write(ref lastAnonymous, new AnonymousPartition(address, key));
        return key;
    }

    /// <summary>
    /// Takes one call's permits of <paramref name="group"/>; the returned lease holds the
    /// concurrency permit until disposed. Null (and <paramref name="retryAfter"/>) when a limit is reached.
    /// </summary>
    public RateLimitLease? TryAcquire(string partition, LimitGroup group, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        var (rate, concurrency) = Of(group);
        if (rate is not null)
        {
            using var token = rate.AttemptAcquire(partition);
            if (!token.IsAcquired)
            {
                retryAfter = token.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : ReplenishmentPeriod;
                return null;
            }
        }

        if (concurrency is null)
        {
            return NoLease.Instance;
        }

        var lease = concurrency.TryEnter(partition);
        if (lease is null)
        {
            retryAfter = ConcurrencyRetry;
        }

        return lease;
    }

    /// <summary>Waits for one routing token (a RouteStream item). False when even the queue is full.</summary>
    public async ValueTask<bool> WaitForRoutingTokenAsync(string partition, CancellationToken cancellationToken)
    {
        if (routingRate is null)
        {
            return true;
        }

        using var lease = await routingRate.AcquireAsync(partition, 1, cancellationToken);
        return lease.IsAcquired;
    }

    public bool LimitsRoutingItems => routingRate is not null;

    public void Dispose()
    {
        routingRate?.Dispose();
        adminRate?.Dispose();
    }

    private (PartitionedRateLimiter<string>? Rate, InFlightLimit? Concurrency) Of(LimitGroup group) => group switch
    {
        LimitGroup.Routing => (routingRate, routingConcurrency),
        LimitGroup.Admin => (adminRate, adminConcurrency),
        _ => (null, null),
    };

    private static PartitionedRateLimiter<string>? Rate(int perSecond)
    {
        if (perSecond == 0)
        {
            return null;
        }

        // Refilled every 100 ms so a caller at its limit is paced evenly, not once a second
        // (below 10 per second: once a second, as 100 ms would round the rate up).
        var (period, perPeriod) = perSecond >= 10 ? (ReplenishmentPeriod, perSecond / 10) : (TimeSpan.FromSeconds(1), perSecond);
        var options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = perSecond,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            // The partitioned limiter's one timer replenishes every bucket (as
            // RateLimitPartition.GetTokenBucketLimiter arranges), not a timer per caller.
            AutoReplenishment = false,
        };

        // The factory is built once: RateLimitPartition.GetTokenBucketLimiter(partition, _ => …)
        // allocated two closures and a delegate on every call (issue 12).
        Func<string, RateLimiter> bucket = _ => new TokenBucketRateLimiter(options);
        return PartitionedRateLimiter.Create<string, string>(partition => new RateLimitPartition<string>(partition, bucket));
    }

    private static InFlightLimit? Concurrency(int permits) => permits == 0 ? null : new InFlightLimit(permits);

    private sealed record AnonymousPartition(System.Net.IPAddress? Address, string Key);

    /// <summary>The lease of a group without a concurrency limit.</summary>
    private sealed class NoLease : RateLimitLease
    {
        public static readonly NoLease Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
