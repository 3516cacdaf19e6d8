using MessagingChannelUsage.Gateway.DemoData;
using MessagingChannelUsage.Store;

namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>The store chosen by configuration (Store:Kind = Memory | Redis) and what runs on it.</summary>
internal static class StoreHostingExtensions
{
    /// <summary>
    /// The store of Store:Kind with its near cache, idempotency records and the session auto-end
    /// reaper (DisabledChannelSessionReaper, a hosted service). Registered before the demo data
    /// so the Redis connection is up before the seeder runs.
    /// </summary>
    public static IServiceCollection AddGatewayStore(this IServiceCollection services, IConfiguration configuration)
        => services.AddStore(configuration);

    /// <summary>Seeds the demo channels when Gateway:SeedDemoData says so (default: on the Memory store).</summary>
    public static IServiceCollection AddDemoData(this IServiceCollection services)
    {
        services.AddHostedService<DemoDataSeeder>();
        return services;
    }
}
