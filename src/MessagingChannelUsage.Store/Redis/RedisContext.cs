using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Common;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>What every part of the Redis store shares: the one multiplexer, the key layout, the change feed.</summary>
internal sealed class RedisContext(RedisKeys keys, RedisChangeFeed feed, ILogger logger)
{
    private IDatabase? database;

    public RedisKeys Keys { get; } = keys;

    public RedisChangeFeed Feed { get; } = feed;

    public ILogger Logger { get; } = logger;

    /// <summary>The change streams (one per slot holding a channel) that the write scripts append to.</summary>
    public required RedisChangeStreams ChangeStreams { get; init; }

    /// <summary>How long change events are kept (Store:ChangeRetention).</summary>
    public required TimeSpan ChangeRetention { get; init; }

    /// <summary>The retention as the write scripts take it (ARGV, milliseconds).</summary>
    public long ChangeRetentionMs => (long)ChangeRetention.TotalMilliseconds;

    /// <summary>This instance's end-user near cache (null when Store:EndUserCache is off): writes drop their end user from it.</summary>
    public MessagingChannelUsage.Store.Caching.EndUserNearCache? EndUserCache { get; set; }

    /// <summary>Latency and failures of the hot-path calls; null when nobody registered metrics.</summary>
    public MessagingChannelUsage.Store.Telemetry.StoreMetrics? Metrics { get; set; }

    /// <summary>Exception filter step: counts a failed Redis call, then lets the real filter decide.</summary>
    public bool Observed(string operation, long started, Exception exception)
    {
        Metrics?.RecordRedisFailure(operation, started, exception);
        return true;
    }

    /// <summary>The database; Unavailable before start-up connected the multiplexer.</summary>
    public IDatabase Db => database ?? throw new DomainException(
        ErrorKind.Unavailable,
        ErrorCodes.StoreUnavailable,
        null,
        "The Redis store is not connected yet (it connects at start-up).");

    public void Attach(IConnectionMultiplexer multiplexer) => database = multiplexer.GetDatabase();

    /// <summary>Tells this instance's subscribers at once (other instances hear the script's PUBLISH).</summary>
    public void Announce(string channelId, long version) => Feed.PublishLocal(new ChannelChange(channelId, version));

    public static DomainException Unavailable(string operation, Exception exception) => StoreErrors.Unavailable(operation, exception);
}
