using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>Log events of record writes: channels, usages, deployment steps (EventIds 3000-3099).</summary>
internal static partial class RecordLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Channel {ChannelId} ({DeveloperName}) created")]
    public static partial void ChannelCreated(ILogger logger, string channelId, string developerName);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Channel {ChannelId} updated")]
    public static partial void ChannelUpdated(ILogger logger, string channelId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Usage {UsageId} ({DeploymentType}) created on channel {ChannelId} as {Status}")]
    public static partial void UsageCreated(ILogger logger, string usageId, DeploymentType deploymentType, string channelId, DeploymentStatus status);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Usage {UsageId} updated: {From} -> {To}")]
    public static partial void UsageUpdated(ILogger logger, string usageId, DeploymentStatus from, DeploymentStatus to);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Usage {UsageId} changed under a write (attempt {Attempt}); reading it again")]
    public static partial void WriteConflictRetry(ILogger logger, string usageId, int attempt);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Usage {UsageId}: {Step} -> {Status} {ErrorReason}")]
    public static partial void DeploymentStep(ILogger logger, string usageId, string step, DeploymentStatus status, ErrorReason? errorReason);
}
