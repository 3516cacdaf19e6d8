using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Gateway.Audit;

/// <summary>AuditService's application class: the audit trail by object id and/or time range, oldest first, paged.</summary>
internal sealed class AuditApplication(IAuditLog trail)
{
    public Task<StorePage<AuditRecord>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
        => trail.ListAsync(query, cancellationToken);
}
