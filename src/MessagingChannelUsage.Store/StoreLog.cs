using Microsoft.Extensions.Logging;

namespace MessagingChannelUsage.Store;

/// <summary>Every log line of the state layer (EventIds 4000-4099).</summary>
internal static partial class StoreLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "A channel change subscriber failed for channel {ChannelId}")]
    public static partial void ChangeSubscriberFailed(ILogger logger, string? channelId, Exception exception);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Loading the snapshot of channel {ChannelId} failed")]
    public static partial void SnapshotLoadFailed(ILogger logger, string channelId, Exception exception);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "Loading the snapshot of channel {ChannelId} failed: the store is unavailable")]
    public static partial void SnapshotLoadUnavailable(ILogger logger, string channelId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Flushed every cached channel snapshot ({Count} entries)")]
    public static partial void SnapshotsFlushed(ILogger logger, int count);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Connected to Redis at {Endpoints}")]
    public static partial void RedisConnected(ILogger logger, string endpoints);

    [LoggerMessage(EventId = 4017, Level = LogLevel.Warning, Message = "Redis at {Endpoints} is not reachable at start; the gateway keeps connecting in the background and calls fail with STORE_UNAVAILABLE until it is")]
    public static partial void RedisUnreachableAtStart(ILogger logger, string endpoints);

    // Debug: the store monitor logs one warning per outage (4030) and a summary when it ends (4031).
    [LoggerMessage(EventId = 4011, Level = LogLevel.Debug, Message = "Redis connection failed ({ConnectionType} to {Endpoint}): {FailureType}")]
    public static partial void RedisConnectionFailed(ILogger logger, StackExchange.Redis.ConnectionType connectionType, System.Net.EndPoint? endpoint, StackExchange.Redis.ConnectionFailureType failureType, Exception? exception);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Debug, Message = "Redis connection restored ({ConnectionType} to {Endpoint})")]
    public static partial void RedisConnectionRestored(ILogger logger, StackExchange.Redis.ConnectionType connectionType, System.Net.EndPoint? endpoint);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning, Message = "Ignored a malformed change message on {Channel}: {Message}")]
    public static partial void MalformedChangeMessage(ILogger logger, string channel, string message);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning, Message = "Publishing the change of channel {ChannelId} to Redis failed; other instances see it after their next flush")]
    public static partial void ChangePublishFailed(ILogger logger, string channelId, Exception exception);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Warning, Message = "Writing the index entry {Index} for {Id} failed; the record is written and the index is repaired on the next write")]
    public static partial void IndexWriteFailed(ILogger logger, string index, string id, Exception exception);

    [LoggerMessage(EventId = 4016, Level = LogLevel.Warning, Message = "Subscribing to {Channel} failed (Redis unreachable); it is retried when the connection is restored")]
    public static partial void SubscribeDeferred(ILogger logger, string channel, Exception exception);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Ended {Count} open sessions of channel {ChannelId} (usage {UsageId} disabled at {DisabledTime})")]
    public static partial void SessionsEnded(ILogger logger, int count, string channelId, string usageId, DateTimeOffset disabledTime);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Debug, Message = "Dropped the auto-end entry of usage {UsageId}: it is no longer Disabled since {DisabledTime}")]
    public static partial void DisableEntryStale(ILogger logger, string usageId, DateTimeOffset disabledTime);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Error, Message = "The session reaper pass failed; it retries at the next interval")]
    public static partial void ReaperPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Warning, Message = "The store is unreachable ({Cause}); calls fail with STORE_UNAVAILABLE until it is back")]
    public static partial void StoreOutage(ILogger logger, string cause, Exception exception);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Information, Message = "The store is reachable again after {Seconds:F1} s; {FailedCalls} store calls failed with STORE_UNAVAILABLE meanwhile")]
    public static partial void StoreRecovered(ILogger logger, double seconds, long failedCalls);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Critical, Message = "The store lost its state: the epoch marker {Key} is {Found}, expected {Expected} (Redis wiped or failed over to an empty replica). Readiness is NOT_SERVING until the state is reloaded or an operator acknowledges: see docs/reliability.md#state-loss")]
    public static partial void StateLost(ILogger logger, string key, string found, string expected);

    [LoggerMessage(EventId = 4033, Level = LogLevel.Warning, Message = "State loss cleared: {How}; serving again")]
    public static partial void StateLossCleared(ILogger logger, string how);

    [LoggerMessage(EventId = 4040, Level = LogLevel.Warning, Message = "The end-user near cache stopped serving ({Cause}): every end-user read goes to Redis until a heartbeat sent from now on comes back through the subscription")]
    public static partial void EndUserCacheSuspended(ILogger logger, string cause);

    [LoggerMessage(EventId = 4041, Level = LogLevel.Information, Message = "The end-user near cache serves again (flushed; a fresh heartbeat came back through the subscription)")]
    public static partial void EndUserCacheResumed(ILogger logger);

    [LoggerMessage(EventId = 4042, Level = LogLevel.Debug, Message = "Sending the end-user cache heartbeat to {Endpoint} failed; the cache stops serving if none comes back in time")]
    public static partial void HeartbeatPublishFailed(ILogger logger, System.Net.EndPoint endpoint, Exception exception);
}
