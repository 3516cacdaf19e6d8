using Grpc.Core;
using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;

namespace MessagingChannelUsage.Gateway.Sessions;

/// <summary>
/// messaging.v1.MessagingSessionService: proto → domain (sizes checked there, with every other
/// field), one <see cref="SessionApplication"/> call, domain → proto.
/// </summary>
internal sealed class MessagingSessionGrpcService(SessionApplication sessions) : MessagingSessionService.MessagingSessionServiceBase
{
    public override async Task<MessagingSession> GetSession(GetSessionRequest request, ServerCallContext context)
    {
        var id = RequestValidation.ParseId(request.Id, "id", KeyPrefixes.MessagingSession);
        var session = await sessions.GetAsync(id, context.CancellationToken);
        return session.ToProto();
    }

    public override async Task<ListSessionsResponse> ListSessions(ListSessionsRequest request, ServerCallContext context)
    {
        var page = await sessions.ListAsync(SessionMapping.ToDomain(request), context.CancellationToken);
        return SessionMapping.ToProto(page);
    }

    public override async Task<MessagingSession> UpdateSessionStatus(UpdateSessionStatusRequest request, ServerCallContext context)
    {
        var (id, status, endReason) = SessionMapping.ToDomain(request);
        var session = await sessions.UpdateStatusAsync(id, status, endReason, context.CancellationToken);
        return session.ToProto();
    }
}
