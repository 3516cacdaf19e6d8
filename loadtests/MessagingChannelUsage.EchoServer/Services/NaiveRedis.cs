using StackExchange.Redis;

namespace MessagingChannelUsage.EchoServer.Services;

/// <summary>
/// The naive design's one Redis read per message (issue 12's "echo + one HGETALL"): a single
/// multiplexer to the Redis named by <c>Naive:Redis</c>, or none when the setting is absent.
/// </summary>
public sealed class NaiveRedis : IDisposable
{
    private readonly ConnectionMultiplexer? connection;

    public NaiveRedis(IConfiguration configuration)
    {
        var connectionString = configuration["Naive:Redis"];
        if (!string.IsNullOrEmpty(connectionString))
        {
            // Connected at start-up (not on the first request), as the gateway's store is.
            connection = ConnectionMultiplexer.Connect(connectionString);
        }
    }

    /// <summary>The database, or null when the echo server was started without Naive:Redis.</summary>
    public IDatabase? Database => connection?.GetDatabase();

    /// <summary>The gateway's end-user hash of this message (docs/redis.md key layout, default prefix).</summary>
    public static RedisKey EndUserKey(string channelId, string platformKey) =>
        string.Concat("mcu:{", channelId, "}:eu:", platformKey);

    public void Dispose() => connection?.Dispose();
}
