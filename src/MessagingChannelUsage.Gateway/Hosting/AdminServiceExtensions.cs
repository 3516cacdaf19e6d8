using MessagingChannelUsage.Gateway.Admin;
using MessagingChannelUsage.Gateway.Services.Admin;
using Microsoft.Extensions.DependencyInjection.Extensions;

// In the DI namespace (the usual home of Add… extensions) so the host's composition calls them
// without a using: the plug-in is exactly two lines there.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The admin side of the API plugs into the host with two calls: <c>services.AddAdminServices()</c>
/// and <c>endpoints.MapAdminServices()</c>. The host provides the store (IChannelRepository,
/// IUsageRepository, IDisableSchedule, options "Store") and the error interceptor.
/// </summary>
public static class AdminServiceExtensions
{
    public static IServiceCollection AddAdminServices(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<DeploymentOptions>()
            .BindConfiguration(DeploymentOptions.SectionName)
            .ValidateOnStart();
        services.TryAddSingleton<ModstampClock>();
        services.TryAddSingleton<DisableScheduleSync>();
        services.TryAddSingleton<ChannelAdmin>();
        services.TryAddSingleton<UsageAdmin>();
        services.TryAddSingleton<UsageQueryAdmin>();
        services.TryAddSingleton<DeploymentAdmin>();
        return services;
    }

    public static IEndpointRouteBuilder MapAdminServices(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<MessagingChannelGrpcService>();
        endpoints.MapGrpcService<MessagingChannelUsageGrpcService>();
        endpoints.MapGrpcService<ChannelDeploymentGrpcService>();
        return endpoints;
    }
}
