using MessagingChannelUsage.Store.Abstractions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>
/// NOT_SERVING while the store cannot serve: Redis unreachable, or back without its state until an
/// operator acknowledges (docs/reliability.md#state-loss). Reads the store monitor's last finding,
/// so a probe never waits on Redis.
/// </summary>
internal sealed class StoreHealthCheck(IStoreHealth store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = store.Current;
        return Task.FromResult(report.IsReady ? HealthCheckResult.Healthy(report.Description) : HealthCheckResult.Unhealthy(report.Description));
    }
}
