using Grpc.Core;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Audit;

/// <summary>messaging.v1.AuditService: a thin shell over <see cref="AuditTrail"/> (admin scope, checked by the access interceptor).</summary>
internal sealed class AuditGrpcService(AuditTrail trail) : AuditService.AuditServiceBase
{
    public override Task<ListAuditEventsResponse> ListAuditEvents(ListAuditEventsRequest request, ServerCallContext context)
        => trail.ListAsync(request, context.CancellationToken);
}
