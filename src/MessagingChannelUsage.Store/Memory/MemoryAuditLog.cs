using System.Globalization;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Common;

namespace MessagingChannelUsage.Store.Memory;

/// <summary>The audit trail in process: the newest <c>capacity</c> records; the page token is a sequence number.</summary>
public sealed class MemoryAuditLog(int capacity = AuditFilter.DefaultCapacity) : IAuditLog
{
    private readonly Lock gate = new();
    private readonly LinkedList<(long Sequence, AuditRecord Record)> records = new();
    private long sequence;

    public Task AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (gate)
        {
            records.AddLast((++sequence, record));
            while (records.Count > capacity)
            {
                records.RemoveFirst();
            }
        }

        return Task.CompletedTask;
    }

    public Task<StorePage<AuditRecord>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        PageSize.Validate(query.PageSize);
        var after = 0L;
        if (query.PageToken is { Length: > 0 } token && !long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.InvalidQueryLocator, "page_token", "The page token is not one this gateway handed out.");
        }

        var page = new List<AuditRecord>();
        long last = 0;
        var scanned = 0;
        var more = false;
        lock (gate)
        {
            foreach (var (number, record) in records)
            {
                if (number <= after)
                {
                    continue;
                }

                if (page.Count == query.PageSize || scanned == AuditFilter.MaxScannedPerPage)
                {
                    more = true;
                    break;
                }

                scanned++;
                last = number;
                if (AuditFilter.Matches(query, record))
                {
                    page.Add(record);
                }
            }
        }

        return Task.FromResult(new StorePage<AuditRecord>(page, more ? last.ToString(CultureInfo.InvariantCulture) : null));
    }
}
