namespace MessagingChannelUsage.Store.Abstractions;

/// <summary>One changed field of an audited write; null = no value.</summary>
public readonly record struct AuditChange(string Field, string? OldValue, string? NewValue);

/// <summary>Who changed what, when (security.md "Audit"). Never holds message text or platform keys.</summary>
/// <param name="Time">When the write completed.</param>
/// <param name="Caller">The caller's identity (token subject, certificate name, or "anonymous").</param>
/// <param name="Rpc">The gRPC method, e.g. "messaging.v1.MessagingChannelService/UpdateChannel".</param>
/// <param name="ObjectName">MessagingChannel, MessagingChannelUsage or MessagingSession.</param>
/// <param name="ObjectId">The record's id.</param>
/// <param name="ChannelId">The channel the record belongs to.</param>
/// <param name="Changes">The fields whose value changed, old → new (every set field for a create).</param>
public sealed record AuditRecord(
    DateTimeOffset Time,
    string Caller,
    string Rpc,
    string ObjectName,
    string ObjectId,
    string? ChannelId,
    IReadOnlyList<AuditChange> Changes);

/// <summary>Audit records of one object, or of a time range (both may be given); oldest first.</summary>
public sealed record AuditQuery(string? ObjectId, DateTimeOffset? From, DateTimeOffset? To, int PageSize, string? PageToken);

/// <summary>
/// The audit trail: append-only and capped (the oldest records go first). On Redis a capped
/// stream shared by every instance; in memory a bounded list.
/// </summary>
public interface IAuditLog
{
    Task AppendAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>One page of matching records, oldest first; the token continues after the last record looked at.</summary>
    Task<StorePage<AuditRecord>> ListAsync(AuditQuery query, CancellationToken cancellationToken);
}
