using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Store.Common;

/// <summary>What both audit logs share: the match of a query and how far one page may scan.</summary>
internal static class AuditFilter
{
    /// <summary>Records looked at per page at most: a search by object id over a long trail answers in bounded time (and continues with the token).</summary>
    public const int MaxScannedPerPage = 5_000;

    /// <summary>The records kept when Store:AuditCapacity is not set.</summary>
    public const int DefaultCapacity = 100_000;

    public static bool Matches(AuditQuery query, AuditRecord record)
        => (string.IsNullOrEmpty(query.ObjectId) || string.Equals(query.ObjectId, record.ObjectId, StringComparison.Ordinal))
            && (query.From is not { } from || record.Time >= from)
            && (query.To is not { } to || record.Time <= to);
}
