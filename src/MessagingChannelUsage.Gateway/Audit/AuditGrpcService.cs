using Grpc.Core;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Audit;

/// <summary>messaging.v1.AuditService: map, one <see cref="AuditApplication"/> call, map back (admin on every channel: the access interceptor checks it).</summary>
internal sealed class AuditGrpcService(AuditApplication audit) : AuditService.AuditServiceBase
{
    public override async Task<ListAuditEventsResponse> ListAuditEvents(ListAuditEventsRequest request, ServerCallContext context)
    {
        var page = await audit.ListAsync(AuditMapping.ToDomain(request), context.CancellationToken);
        return AuditMapping.ToProto(page);
    }
}
