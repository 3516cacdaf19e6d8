using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>
/// SERVING while the host runs; NOT_SERVING from ApplicationStopping on, so a load balancer
/// drains this instance while in-flight calls finish.
/// </summary>
internal sealed class LifecycleHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    private static readonly Task<HealthCheckResult> Serving = Task.FromResult(HealthCheckResult.Healthy());
    private static readonly Task<HealthCheckResult> Stopping = Task.FromResult(HealthCheckResult.Unhealthy("The gateway is stopping."));

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => lifetime.ApplicationStopping.IsCancellationRequested ? Stopping : Serving;
}
