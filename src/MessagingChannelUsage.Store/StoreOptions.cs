namespace MessagingChannelUsage.Store;

/// <summary>Which store holds the state.</summary>
public enum StoreKind
{
    /// <summary>In process, lost on restart: the embedded default (one instance only).</summary>
    Memory,

    /// <summary>Redis (standalone or cluster), shared by every gateway instance.</summary>
    Redis,
}

/// <summary>Options of the state layer (configuration section "Store").</summary>
public sealed class StoreOptions
{
    public const string SectionName = "Store";

    public StoreKind Kind { get; set; } = StoreKind.Memory;

    /// <summary>StackExchange.Redis configuration string, e.g. "127.0.0.1:6379". Required for Redis.</summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>
    /// First segment of every Redis key and of the pub/sub channel ("mcu" → "mcu:{channelId}:channel",
    /// "mcu:changes"). Lets several deployments (or test runs) share one Redis without meeting.
    /// </summary>
    public string RedisKeyPrefix { get; set; } = "mcu";

    /// <summary>How long after a Conversation usage enters Disabled its open sessions are ended (domain.md §3).</summary>
    public TimeSpan SessionGrace { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How often the session reaper looks for due entries.</summary>
    public TimeSpan ReaperInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Whether this instance runs the session reaper (safe on every instance: claims are atomic).</summary>
    public bool RunSessionReaper { get; set; } = true;

    /// <summary>How long the change stream keeps changes (domain.md §10); an older resume token fails with INVALID_REPLAY_ID.</summary>
    public TimeSpan ChangeRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the Redis store's reachability and epoch marker are checked (health, readiness, state loss).</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an idempotency record is kept (domain.md §4.5).</summary>
    public TimeSpan IdempotencyTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Redis only: keep end users this instance read in a near cache, kept coherent by the end-user
    /// change feed (docs/performance.md). A warm end user then costs no Redis round trip.
    /// </summary>
    public bool EndUserCache { get; set; } = true;

    /// <summary>
    /// How long a cached end user is kept at most. With the heartbeat on this is NOT the staleness
    /// bound (<see cref="EndUserCacheHeartbeatTimeout"/> is): it only bounds how long an end user who
    /// went quiet keeps a slot, and a write path that forgot to publish. With the heartbeat off it is
    /// the bound on staleness if the link dies without the client noticing, and must be short.
    /// </summary>
    public TimeSpan EndUserCacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Serve cached end users only while this instance's own heartbeats, PUBLISHed on the end-user
    /// change channel, come back through its subscription in time (docs/performance.md).
    /// </summary>
    public bool EndUserCacheHeartbeat { get; set; } = true;

    /// <summary>How often this instance sends a heartbeat (one PUBLISH per Redis primary).</summary>
    public TimeSpan EndUserCacheHeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The staleness bound with the heartbeat on: the cache serves at most this long after sending
    /// the last heartbeat that came back; later, it stops serving, flushes, and waits for a new one.
    /// </summary>
    public TimeSpan EndUserCacheHeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The most end users cached at once (beyond it, misses are read through without caching).</summary>
    public int EndUserCacheSize { get; set; } = 100_000;

    /// <summary>
    /// How long a query result stays readable by queryMore after its last page was read
    /// (Salesforce's query locators: 15 minutes of inactivity).
    /// </summary>
    public TimeSpan QuerySnapshotTtl { get; set; } = TimeSpan.FromMinutes(15);
}
