using Google.Protobuf.WellKnownTypes;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Gateway.Audit;

/// <summary>ListAuditEvents: the audit trail by object id and/or time range, oldest first, paged.</summary>
internal sealed class AuditTrail(IAuditLog trail)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
    public const int MaxObjectIdLength = 18;

    public async Task<ListAuditEventsResponse> ListAsync(ListAuditEventsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<FieldError>();
        if (request.PageSize < 0)
        {
            errors.Add(new FieldError(ErrorCodes.FieldIntegrityException, "page_size", "page_size cannot be negative."));
        }

        if (request.ObjectId.Length > MaxObjectIdLength)
        {
            errors.Add(new FieldError(ErrorCodes.InvalidIdField, "object_id", $"object_id is an id of 15 or 18 characters (got {request.ObjectId.Length})."));
        }

        var from = request.FromTime?.ToDateTimeOffset();
        var to = request.ToTime?.ToDateTimeOffset();
        if (from > to)
        {
            errors.Add(new FieldError(ErrorCodes.FieldIntegrityException, "from_time", "from_time is after to_time."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(ErrorKind.InvalidArgument, [.. errors]);
        }

        var pageSize = request.PageSize == 0 ? DefaultPageSize : Math.Min(request.PageSize, MaxPageSize);
        var page = await trail.ListAsync(
            new AuditQuery(
                string.IsNullOrEmpty(request.ObjectId) ? null : request.ObjectId,
                from,
                to,
                pageSize,
                string.IsNullOrEmpty(request.PageToken) ? null : request.PageToken),
            cancellationToken).ConfigureAwait(false);
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
            Time = Timestamp.FromDateTimeOffset(record.Time),
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
