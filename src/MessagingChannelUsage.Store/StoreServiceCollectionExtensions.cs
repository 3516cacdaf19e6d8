using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Caching;
using MessagingChannelUsage.Store.Idempotency;
using MessagingChannelUsage.Store.Memory;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Store;

/// <summary>
/// Registers the state layer: every store interface, the near cache (<see cref="IChannelSnapshotSource"/>),
/// idempotency records and the session reaper. Options are validated at start-up.
/// </summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>The in-memory store: one instance, state lost on restart.</summary>
    public static IServiceCollection AddMemoryStore(this IServiceCollection services, Action<StoreOptions>? configure = null)
    {
        AddCommon(services, configure, StoreKind.Memory);
        services.TryAddSingleton(sp => new MemoryStore(
            sp.GetRequiredService<IOptions<StoreOptions>>().Value,
            sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryStore>().Channels);
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryStore>().Usages);
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryStore>().States);
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryStore>().Changes);
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryStore>().EndUsers);
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryStore>().Sessions);
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryStore>().Schedule);
        services.AddDistributedMemoryCache();
        return services;
    }

    internal static void AddCommon(IServiceCollection services, Action<StoreOptions>? configure, StoreKind kind)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<StoreOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.PostConfigure(options => options.Kind = kind).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ChannelSnapshotCache>();
        services.TryAddSingleton<IChannelSnapshotSource>(sp => sp.GetRequiredService<ChannelSnapshotCache>());
        services.TryAddSingleton<IIdempotencyStore>(sp => new DistributedCacheIdempotencyStore(
            sp.GetRequiredService<IDistributedCache>(),
            sp.GetRequiredService<IOptions<StoreOptions>>().Value.IdempotencyTtl));
    }
}
