using MessagingChannelUsage.Gateway.Application;

namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>The routing application service and what it needs besides the store.</summary>
public static class RoutingHostingExtensions
{
    public static IServiceCollection AddRoutingEngine(this IServiceCollection services)
    {
        services.AddSingleton<DecisionReplay>();
        services.AddSingleton<RoutingEngine>();
        return services;
    }
}
