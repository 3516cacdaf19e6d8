using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MessagingChannelUsage.Store.Telemetry;

/// <summary>Registers <see cref="StoreMetrics"/> (and the meter factory it needs).</summary>
public static class StoreTelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddStoreMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<StoreMetrics>();
        return services;
    }
}
