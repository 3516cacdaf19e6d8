using MessagingChannelUsage.Gateway.DemoData;
using MessagingChannelUsage.Store;

namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>The store chosen by configuration (Store:Kind = Memory | Redis) and what runs on it.</summary>
public static class StoreHostingExtensions
{
    public static IServiceCollection AddGatewayStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(StoreOptions.SectionName);
        var kind = section.GetValue(nameof(StoreOptions.Kind), StoreKind.Memory);
        if (kind == StoreKind.Redis)
        {
            // TODO(store): services.AddRedisStore(...) once branch store provides it.
            throw new InvalidOperationException("Store:Kind = Redis is not wired into this build yet.");
        }
        else
        {
            services.AddMemoryStore(options => section.Bind(options));
        }

        return services;
    }

    /// <summary>Seeds the demo channels when Gateway:SeedDemoData says so (default: on the Memory store).</summary>
    public static IServiceCollection AddDemoData(this IServiceCollection services)
    {
        services.AddHostedService<DemoDataSeeder>();
        return services;
    }
}
