using Grpc.Core;
using MessagingChannelUsage.Gateway.Application;
using MessagingChannelUsage.Gateway.Mapping;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Store.Abstractions;
using Domain = MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Services;

/// <summary>messaging.v1.MessagingSessionService over <see cref="ISessionStore"/>.</summary>
public sealed class MessagingSessionGrpcService(ISessionStore sessions, TimeProvider time) : MessagingSessionService.MessagingSessionServiceBase
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
    public const int MaxEndReasonLength = 255;

    public override async Task<MessagingSession> GetSession(GetSessionRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var validation = default(RequestValidation);
        var id = validation.Id(request.Id, "id", KeyPrefixes.MessagingSession, "MessagingSession");
        validation.ThrowIfInvalid();

        var session = await sessions.GetAsync(id, context.CancellationToken).ConfigureAwait(false)
            ?? throw new DomainException(ErrorKind.NotFound, ErrorCodes.NotFound, "id", $"No MessagingSession with id {id}.");
        return SessionMapping.ToProto(session);
    }

    public override async Task<ListSessionsResponse> ListSessions(ListSessionsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var validation = default(RequestValidation);
        var channelId = validation.Id(request.ChannelId, "channel_id", KeyPrefixes.MessagingChannel, "MessagingChannel");
        var endUserId = validation.OptionalId(request.EndUserId, "end_user_id", KeyPrefixes.MessagingEndUser, "MessagingEndUser");
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

        if (request.PageSize < 0)
        {
            validation.Add(ErrorKind.InvalidArgument, ErrorCodes.FieldIntegrityException, "page_size", "page_size cannot be negative.");
        }

        validation.ThrowIfInvalid();

        var pageSize = request.PageSize == 0 ? DefaultPageSize : Math.Min(request.PageSize, MaxPageSize);
        var query = new SessionQuery(
            channelId,
            statuses.Count == 0 ? null : statuses,
            request.OpenOnly,
            endUserId,
            pageSize,
            string.IsNullOrEmpty(request.PageToken) ? null : request.PageToken);
        var page = await sessions.ListAsync(query, context.CancellationToken).ConfigureAwait(false);
        var response = new ListSessionsResponse { NextPageToken = page.NextPageToken ?? string.Empty };
        foreach (var session in page.Items)
        {
            response.Sessions.Add(SessionMapping.ToProto(session));
        }

        return response;
    }

    public override async Task<MessagingSession> UpdateSessionStatus(UpdateSessionStatusRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var validation = default(RequestValidation);
        var id = validation.Id(request.Id, "id", KeyPrefixes.MessagingSession, "MessagingSession");
        if (request.Status == SessionStatus.Unspecified)
        {
            validation.Add(ErrorKind.InvalidArgument, ErrorCodes.RequiredFieldMissing, "status", "status is required.");
        }
        else if (!EnumMapping.IsDefined<Domain.SessionStatus>((int)request.Status))
        {
            validation.Add(ErrorKind.InvalidArgument, ErrorCodes.InvalidOrNullForRestrictedPicklist, "status", $"{(int)request.Status} is not a SessionStatus.");
        }

        validation.MaxLength(request.EndReason, "end_reason", MaxEndReasonLength);
        validation.ThrowIfInvalid();

        var session = await sessions.UpdateStatusAsync(
            id,
            EnumMapping.ToDomain(request.Status),
            string.IsNullOrEmpty(request.EndReason) ? null : request.EndReason,
            time.GetUtcNow(),
            context.CancellationToken).ConfigureAwait(false);
        return SessionMapping.ToProto(session);
    }
}
