using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Caching;
using MessagingChannelUsage.Store.Idempotency;
using MessagingChannelUsage.Store.Memory;
using MessagingChannelUsage.Store.Query;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.Store.Sessions;
using MessagingChannelUsage.Store.Telemetry;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
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
    /// <summary>Binds the "Store" section and registers the store its Kind names (Memory when absent).</summary>
    public static IServiceCollection AddStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(StoreOptions.SectionName);
        var kind = section.GetValue(nameof(StoreOptions.Kind), StoreKind.Memory);
        return kind == StoreKind.Redis
            ? services.AddRedisStore(section.Bind)
            : services.AddMemoryStore(section.Bind);
    }

    /// <summary>
    /// The Redis store: one multiplexer, connected by a hosted service when the host starts (register
    /// the store before hosted services that use it). Idempotency records use the same multiplexer
    /// through the StackExchange.Redis IDistributedCache.
    /// </summary>
    public static IServiceCollection AddRedisStore(this IServiceCollection services, Action<StoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton(sp => new RedisStore(
            sp.GetRequiredService<IOptions<StoreOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<StoreMetrics>()));

        // First hosted service of the store: connected before the reaper (or anything after) runs.
        services.AddHostedService<RedisStoreStarter>();
        services.TryAddSingleton<RedisStoreMonitor>();
        services.TryAddSingleton<IStoreHealth>(sp => sp.GetRequiredService<RedisStoreMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisStoreMonitor>());
        AddCommon(services, configure, StoreKind.Redis);
        services.TryAddSingleton(sp => sp.GetRequiredService<RedisStore>().Channels);
        services.TryAddSingleton(sp => sp.GetRequiredService<RedisStore>().Usages);
        services.TryAddSingleton(sp => sp.GetRequiredService<RedisStore>().States);
        services.TryAddSingleton(sp => sp.GetRequiredService<RedisStore>().Changes);
        services.TryAddSingleton(sp => sp.GetRequiredService<RedisStore>().ChangeLog);
        services.TryAddSingleton(sp => sp.GetRequiredService<RedisStore>().EndUsers);
        services.TryAddSingleton(sp => sp.GetRequiredService<RedisStore>().Sessions);
        services.TryAddSingleton(sp => sp.GetRequiredService<RedisStore>().Schedule);
        services.TryAddSingleton<IAuditLog>(sp => new RedisAuditLog(sp.GetRequiredService<RedisStore>(), sp.GetRequiredService<IOptions<StoreOptions>>().Value));
        services.TryAddSingleton(sp => sp.GetRequiredService<RedisStore>().QuerySnapshots);
        services.AddStackExchangeRedisCache(_ => { });
        services.AddOptions<RedisCacheOptions>().Configure<RedisStore, IOptions<StoreOptions>>((cache, store, options) =>
        {
            cache.InstanceName = options.Value.RedisKeyPrefix + ":";
            cache.ConnectionMultiplexerFactory = () => Task.FromResult(store.Multiplexer);
        });
        services.AddHostedService<DisabledChannelSessionReaper>();
        return services;
    }

    /// <summary>The in-memory store: one instance, state lost on restart.</summary>
    public static IServiceCollection AddMemoryStore(this IServiceCollection services, Action<StoreOptions>? configure = null)
    {
        AddCommon(services, configure, StoreKind.Memory);
        services.TryAddSingleton<IStoreHealth, InProcessStoreHealth>();
        services.TryAddSingleton(sp => new MemoryStore(
            sp.GetRequiredService<IOptions<StoreOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryStore>().Channels);
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryStore>().Usages);
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryStore>().States);
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryStore>().Changes);
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryStore>().ChangeLog);
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryStore>().EndUsers);
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryStore>().Sessions);
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryStore>().Schedule);
        services.TryAddSingleton<IAuditLog>(_ => new MemoryAuditLog());
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryStore>().QuerySnapshots);
        services.AddDistributedMemoryCache();
        services.AddHostedService<DisabledChannelSessionReaper>();
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
        services.AddStoreMetrics();
        services.TryAddSingleton<ChannelSnapshotCache>();
        services.TryAddSingleton<IChannelSnapshotSource>(sp => sp.GetRequiredService<ChannelSnapshotCache>());
        services.TryAddSingleton(sp => new UsageQueryPager(
            sp.GetRequiredService<IUsageRepository>(),
            sp.GetRequiredService<IQuerySnapshotStore>(),
            sp.GetRequiredService<IOptions<StoreOptions>>().Value.QuerySnapshotTtl));
        services.TryAddSingleton<IIdempotencyStore>(sp => new DistributedCacheIdempotencyStore(
            sp.GetRequiredService<IDistributedCache>(),
            sp.GetRequiredService<IOptions<StoreOptions>>().Value.IdempotencyTtl));
    }
}
