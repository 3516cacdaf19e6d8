using Grpc.AspNetCore.HealthChecks;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>
/// Health, one truth for every probe: grpc.health.v1 answers for the server ("") and for each
/// messaging.* service by name; GET /readyz (ready) and /healthz (live) answer the same on the
/// metrics listener for probes that do not speak gRPC. Ready = the host is not stopping and the
/// store can serve; live = the process answers.
/// </summary>
internal static class HealthRegistration
{
    /// <summary>The gRPC service names health answers for (besides ""), from the generated descriptors.</summary>
    public static IReadOnlyList<string> ServiceNames { get; } =
        [.. typeof(MessagingChannelUsage.Protos.V1.MessageRouter).Assembly.GetTypes()
            .Select(type => type.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Where(property => property?.PropertyType == typeof(Google.Protobuf.Reflection.FileDescriptor))
            .Select(property => (Google.Protobuf.Reflection.FileDescriptor)property!.GetValue(null)!)
            .Where(file => file.Package.StartsWith("messaging.", StringComparison.Ordinal))
            .SelectMany(file => file.Services)
            .Select(service => service.FullName)
            .Order(StringComparer.Ordinal)];

    public static IServiceCollection AddGatewayHealth(this IServiceCollection services)
    {
        services.AddGrpcHealthChecks(options =>
            {
                // Every check decides every service: the API is served or not as a whole.
                options.Services.Map(string.Empty, _ => true);
                foreach (var name in ServiceNames)
                {
                    options.Services.Map(name, _ => true);
                }
            })
            .AddCheck<LifecycleHealthCheck>("lifecycle")
            .AddCheck<StoreHealthCheck>("store");
        return services;
    }

    /// <summary>/healthz and /readyz on a branch of the pipeline (the metrics listener's).</summary>
    public static IApplicationBuilder UseProbeEndpoints(this IApplicationBuilder app)
    {
        app.UseHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.UseHealthChecks("/readyz", new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return app;
    }
}
