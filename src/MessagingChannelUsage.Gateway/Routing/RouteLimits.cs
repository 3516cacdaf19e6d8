namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>Size limits of a routed message (a request over one is ResourceExhausted, STRING_TOO_LONG).</summary>
public static class RouteLimits
{
    public const int MaxPlatformKeyLength = 256;
    public const int MaxTextLength = 4096;
    public const int MaxMessageIdLength = 128;

    /// <summary>Messages of one Simulate call (domain.md §9).</summary>
    public const int MaxSimulatedMessages = 10_000;

    /// <summary>Largest Simulate request (bytes): 10,000 messages of a few hundred bytes each.</summary>
    public const int MaxSimulateRequestBytes = 8 * 1024 * 1024;
}
