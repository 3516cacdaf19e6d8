using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Rules;
using MessagingChannelUsage.Store.Abstractions;
using Domain = MessagingChannelUsage.Routing.Model;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Sessions;

/// <summary>MessagingSessionService requests → domain (every violation at once); sessions → proto.</summary>
internal static class SessionMapping
{
    public static SessionQuery ToDomain(Proto.ListSessionsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validation = default(RequestValidation);
        var channelId = validation.Id(request.ChannelId, "channel_id", KeyPrefixes.MessagingChannel);
        var endUserId = validation.OptionalId(request.EndUserId, "end_user_id", KeyPrefixes.MessagingEndUser);
        var statuses = new List<Domain.SessionStatus>(request.Statuses.Count);
        foreach (var status in request.Statuses)
        {
            if (EnumMapping.IsDefined<Domain.SessionStatus>((int)status))
            {
                statuses.Add(EnumMapping.ToDomain(status));
            }
            else
            {
                validation.Add(ErrorKind.InvalidArgument, ErrorCodes.InvalidOrNullForRestrictedPicklist, "statuses", $"{(int)status} is not a SessionStatus.");
            }
        }

        var pageSize = validation.PageSize(request.PageSize, "page_size", Limits.DefaultPageSize, Limits.MaxPageSize);
        validation.ThrowIfInvalid();
        return new SessionQuery(
            channelId,
            statuses.Count == 0 ? null : statuses,
            request.OpenOnly,
            endUserId,
            pageSize,
            string.IsNullOrEmpty(request.PageToken) ? null : request.PageToken);
    }

    public static (string Id, Domain.SessionStatus Status, string? EndReason) ToDomain(Proto.UpdateSessionStatusRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validation = default(RequestValidation);
        var id = validation.Id(request.Id, "id", KeyPrefixes.MessagingSession);
        if (request.Status == Proto.SessionStatus.Unspecified)
        {
            validation.Add(ErrorKind.InvalidArgument, ErrorCodes.RequiredFieldMissing, "status", "status is required.");
        }
        else if (!EnumMapping.IsDefined<Domain.SessionStatus>((int)request.Status))
        {
            validation.Add(ErrorKind.InvalidArgument, ErrorCodes.InvalidOrNullForRestrictedPicklist, "status", $"{(int)request.Status} is not a SessionStatus.");
        }

        validation.MaxLength(request.EndReason, "end_reason", Limits.MaxEndReasonLength);
        validation.ThrowIfInvalid();
        return (id, EnumMapping.ToDomain(request.Status), string.IsNullOrEmpty(request.EndReason) ? null : request.EndReason);
    }

    public static Proto.MessagingSession ToProto(this Domain.MessagingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var proto = new Proto.MessagingSession
        {
            Id = session.Id,
            MessagingChannelId = session.MessagingChannelId,
            MessagingEndUserId = session.MessagingEndUserId,
            Status = EnumMapping.ToProto(session.Status),
            Origin = EnumMapping.ToProto(session.Origin),
            StartTime = TimeMapping.ToProto(session.StartTime),
            EndReason = session.EndReason ?? string.Empty,
        };
        if (session.EndTime is { } end)
        {
            proto.EndTime = TimeMapping.ToProto(end);
        }

        return proto;
    }

    public static Proto.ListSessionsResponse ToProto(StorePage<Domain.MessagingSession> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var response = new Proto.ListSessionsResponse { NextPageToken = page.NextPageToken ?? string.Empty };
        foreach (var session in page.Items)
        {
            response.Sessions.Add(session.ToProto());
        }

        return response;
    }
}
