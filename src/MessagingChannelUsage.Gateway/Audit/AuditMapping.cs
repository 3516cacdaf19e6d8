using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Rules;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Gateway.Audit;

/// <summary>ListAuditEvents request → <see cref="AuditQuery"/>, audit records → AuditEvent.</summary>
internal static class AuditMapping
{
    public static AuditQuery ToDomain(ListAuditEventsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validation = default(RequestValidation);
        validation.MaxLength(request.ObjectId, "object_id", Limits.MaxIdTextLength);
        validation.MaxLength(request.PageToken, "page_token", Limits.MaxPageTokenLength);
        var pageSize = validation.PageSize(request.PageSize, "page_size", Limits.DefaultPageSize, Limits.MaxPageSize);
        var from = TimeMapping.ToDomain(request.FromTime, "from_time");
        var to = TimeMapping.ToDomain(request.ToTime, "to_time");
        if (from > to)
        {
            validation.Add(ErrorKind.InvalidArgument, ErrorCodes.FieldIntegrityException, "from_time", "from_time is after to_time.");
        }

        validation.ThrowIfInvalid();
        return new AuditQuery(
            string.IsNullOrEmpty(request.ObjectId) ? null : request.ObjectId,
            from,
            to,
            pageSize,
            string.IsNullOrEmpty(request.PageToken) ? null : request.PageToken);
    }

    public static ListAuditEventsResponse ToProto(StorePage<AuditRecord> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var response = new ListAuditEventsResponse { NextPageToken = page.NextPageToken ?? string.Empty };
        foreach (var record in page.Items)
        {
            response.Events.Add(ToProto(record));
        }

        return response;
    }

    public static AuditEvent ToProto(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var audit = new AuditEvent
        {
            Time = TimeMapping.ToProto(record.Time),
            Caller = record.Caller,
            Rpc = record.Rpc,
            ObjectName = record.ObjectName,
            ObjectId = record.ObjectId,
        };
        foreach (var change in record.Changes)
        {
            audit.Changes.Add(new FieldChange { Field = change.Field, OldValue = change.OldValue ?? string.Empty, NewValue = change.NewValue ?? string.Empty });
        }

        return audit;
    }
}
