using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>How the store's single multiplexer is configured.</summary>
public static class RedisConnectionFactory
{
    /// <summary>
    /// Parses the connection string (<see cref="RedisConnectionString"/>) and applies the store's policy:
    /// <list type="bullet">
    /// <item><c>abortConnect=false</c>: start-up succeeds while Redis is down; the multiplexer keeps
    ///   reconnecting in the background and calls fail with Unavailable meanwhile.</item>
    /// <item><see cref="BacklogPolicy.FailFast"/>: while disconnected, a command fails at once instead
    ///   of waiting in the backlog until its timeout. Routing runs under client deadlines: a quick,
    ///   clear STORE_UNAVAILABLE beats a request that hangs for seconds and then fails anyway.</item>
    /// </list>
    /// </summary>
    public static ConfigurationOptions Configuration(string connectionString)
    {
        var options = RedisConnectionString.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ClientName ??= "mcu-gateway";
        return options;
    }
}
