using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>
/// Every log line of the gateway (source-generated). Message text and platform keys are never
/// logged at Information or above: they are customer data.
/// </summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Method} failed with {Kind} {Code}")]
    public static partial void DomainError(ILogger logger, string method, ErrorKind kind, string code);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Method} failed with an unexpected error")]
    public static partial void UnhandledError(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Seeded {Count} demo channels into the {Store} store")]
    public static partial void DemoDataSeeded(ILogger logger, int count, MessagingChannelUsage.Store.StoreKind store);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Demo channel {ChannelId} already present; seeding skipped")]
    public static partial void DemoDataPresent(ILogger logger, string channelId);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "End user state of channel {ChannelId} kept changing; gave up after {Attempts} attempts")]
    public static partial void ApplyConflictsExhausted(ILogger logger, string channelId, int attempts);

    [LoggerMessage(EventId = 21, Level = LogLevel.Debug, Message = "Replayed decision for message {MessageId} on channel {ChannelId}")]
    public static partial void DecisionReplayed(ILogger logger, string messageId, string channelId);

    [LoggerMessage(EventId = 30, Level = LogLevel.Debug, Message = "RouteStream item {Index} failed with {Code}")]
    public static partial void StreamItemRejected(ILogger logger, long index, string code);
}
