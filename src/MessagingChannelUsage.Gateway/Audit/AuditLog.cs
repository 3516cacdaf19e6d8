namespace MessagingChannelUsage.Gateway.Audit;

/// <summary>The audit trail's log lines, in their own category so they can be routed apart.</summary>
internal static partial class AuditLog
{
    /// <summary>The log category of audit records (Information).</summary>
    public const string Category = "MessagingChannelUsage.Audit";

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "{Caller} {Rpc} {ObjectName} {ObjectId}: {Changes}")]
    public static partial void Write(ILogger logger, string caller, string rpc, string objectName, string objectId, string changes);

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "The audit record of {Rpc} {ObjectName} {ObjectId} by {Caller} could not be stored (it is in this log)")]
    public static partial void NotStored(ILogger logger, string rpc, string objectName, string objectId, string caller, Exception exception);
}
