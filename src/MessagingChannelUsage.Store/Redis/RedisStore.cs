using MessagingChannelUsage.Store.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// The Redis store: every store interface over ONE <see cref="IConnectionMultiplexer"/>, connected
/// by <see cref="StartAsync"/> at start-up (never lazily inside a request). Key layout and formats:
/// docs/redis.md. Redis failures surface as DomainException(Unavailable, STORE_UNAVAILABLE).
/// </summary>
public sealed class RedisStore : IAsyncDisposable
{
    private readonly StoreOptions options;
    private readonly ILogger logger;
    private readonly RedisContext context;
    private readonly RedisChangeFeed feed;
    private readonly RedisEndUserChangeFeed? endUserFeed;
    private IConnectionMultiplexer? multiplexer;
    private bool ownsMultiplexer;

    public RedisStore(StoreOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, Telemetry.StoreMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        logger = loggerFactory?.CreateLogger<RedisStore>() ?? NullLogger<RedisStore>.Instance;
        var keys = new RedisKeys(options.RedisKeyPrefix);
        feed = new RedisChangeFeed(keys, logger);
        context = new RedisContext(keys, feed, logger)
        {
            Metrics = metrics,
            ChangeStreams = new RedisChangeStreams(options.RedisKeyPrefix),
            ChangeRetention = options.ChangeRetention,
        };
        ChangeLog = new RedisChangeLog(context);
        var states = new RedisChannelStateReader(context);
        Schedule = new RedisDisableSchedule(context);
        Channels = new RedisChannelRepository(context, new RedisDeveloperNames(context, timeProvider ?? TimeProvider.System));
        Usages = new RedisUsageRepository(context, states, Schedule, options.SessionGrace);
        States = states;
        IEndUserStore endUsers = new RedisEndUserStore(context, options.IdempotencyTtl);
        if (options.EndUserCache)
        {
            EndUserCache = new Caching.EndUserNearCache(options.EndUserCacheTtl, options.EndUserCacheSize, timeProvider);
            EndUserHeartbeat = options.EndUserCacheHeartbeat
                ? new RedisEndUserHeartbeat(
                    keys, EndUserCache, options.EndUserCacheHeartbeatInterval, options.EndUserCacheHeartbeatTimeout, timeProvider ?? TimeProvider.System, metrics, logger)
                : null;
            endUserFeed = new RedisEndUserChangeFeed(keys, EndUserCache, EndUserHeartbeat, logger);
            context.EndUserCache = EndUserCache;
            endUsers = new NearCachedEndUserStore(endUsers, EndUserCache);
        }

        EndUsers = endUsers;
        Sessions = new RedisSessionStore(context);
        QuerySnapshots = new RedisQuerySnapshots(context);
        Idempotency = new RedisIdempotencyStore(context, options.IdempotencyTtl);
        Epoch = new RedisEpochMarker(context);
    }

    /// <summary>The state-loss marker (read by <see cref="RedisStoreMonitor"/>).</summary>
    internal RedisEpochMarker Epoch { get; }

    public IChannelRepository Channels { get; }

    public IUsageRepository Usages { get; }

    public IChannelStateReader States { get; }

    public IChannelChangeFeed Changes => feed;

    /// <summary>The change stream of channels and usages (domain.md §10), shared by every instance.</summary>
    public IChangeLog ChangeLog { get; }

    public IEndUserStore EndUsers { get; }

    /// <summary>The end-user near cache (null when Store:EndUserCache is false).</summary>
    public Caching.EndUserNearCache? EndUserCache { get; }

    /// <summary>The liveness proof of the near cache's invalidation link (null when the cache or Store:EndUserCacheHeartbeat is off).</summary>
    internal RedisEndUserHeartbeat? EndUserHeartbeat { get; }

    /// <summary>Requests the end-user cache's heartbeat has sent through <see cref="Multiplexer"/> (cost measurements subtract them).</summary>
    public long EndUserHeartbeatsSent => EndUserHeartbeat?.PublishesSent ?? 0;

    public ISessionStore Sessions { get; }

    public IDisableSchedule Schedule { get; }

    public IQuerySnapshotStore QuerySnapshots { get; }

    /// <summary>Idempotency records (domain.md §4.5): one GET to find, one SET to keep.</summary>
    public IIdempotencyStore Idempotency { get; }

    /// <summary>The one multiplexer of the store.</summary>
    public IConnectionMultiplexer Multiplexer => multiplexer ?? throw new InvalidOperationException("The Redis store is not started.");

    /// <summary>Connects (abortConnect=false: succeeds while Redis is down) and subscribes to changes.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (multiplexer is not null)
        {
            return;
        }

        var configuration = RedisConnectionFactory.Configuration(options.RedisConnectionString
            ?? throw new InvalidOperationException("Store:RedisConnectionString is required for the Redis store."));
        var connected = await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken);
        await UseAsync(connected, owns: true);
        var endpoints = string.Join(", ", configuration.EndPoints.Select(EndPointCollection.ToString));
        if (connected.IsConnected)
        {
            StoreLog.RedisConnected(logger, endpoints);
        }
        else
        {
            StoreLog.RedisUnreachableAtStart(logger, endpoints);
        }
    }

    /// <summary>Uses a multiplexer the caller owns (tests: a second "instance" on the same Redis).</summary>
    public async Task UseAsync(IConnectionMultiplexer connection, bool owns = false)
    {
        ArgumentNullException.ThrowIfNull(connection);
        multiplexer = connection;
        ownsMultiplexer = owns;
        context.Attach(connection);
        await feed.StartAsync(connection);
        if (endUserFeed is not null)
        {
            await endUserFeed.StartAsync(connection);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (multiplexer is { } connection)
        {
            feed.Stop(connection);
            if (endUserFeed is not null)
            {
                await endUserFeed.DisposeAsync();
            }

            if (ownsMultiplexer)
            {
                await connection.CloseAsync();
                await connection.DisposeAsync();
            }
        }
    }
}
