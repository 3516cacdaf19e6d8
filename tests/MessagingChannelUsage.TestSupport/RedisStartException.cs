namespace MessagingChannelUsage.TestSupport;

/// <summary>redis-server exited while starting (typically its port was taken meanwhile).</summary>
public sealed class RedisStartException(string message) : InvalidOperationException(message);
