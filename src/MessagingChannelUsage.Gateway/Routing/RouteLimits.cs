namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>Size limits of a routed message (a request over one is ResourceExhausted, STRING_TOO_LONG).</summary>
public static class RouteLimits
{
    public const int MaxPlatformKeyLength = 256;
    public const int MaxTextLength = 4096;
    public const int MaxMessageIdLength = 128;
}
