using Grpc.Core;
using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Gateway.Usages;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Deployment;

/// <summary>
/// messaging.v1.ChannelDeploymentService (Setup's Activate/Connect, Deactivate/Disconnect, Retry
/// and a provisioner's report): sizes, proto → domain, one <see cref="DeploymentApplication"/>
/// call, domain → proto.
/// </summary>
internal sealed class ChannelDeploymentGrpcService(DeploymentApplication deployments)
    : ChannelDeploymentService.ChannelDeploymentServiceBase
{
    public override async Task<Protos.V1.MessagingChannelUsage> Activate(DeploymentRequest request, ServerCallContext context)
    {
        var usage = await deployments.ActivateAsync(DeploymentMapping.UsageId(request.UsageId), context.CancellationToken);
        return usage.ToProto();
    }

    public override async Task<Protos.V1.MessagingChannelUsage> Deactivate(DeploymentRequest request, ServerCallContext context)
    {
        var usage = await deployments.DeactivateAsync(DeploymentMapping.UsageId(request.UsageId), context.CancellationToken);
        return usage.ToProto();
    }

    public override async Task<Protos.V1.MessagingChannelUsage> Retry(DeploymentRequest request, ServerCallContext context)
    {
        var usage = await deployments.RetryAsync(DeploymentMapping.UsageId(request.UsageId), context.CancellationToken);
        return usage.ToProto();
    }

    public override async Task<Protos.V1.MessagingChannelUsage> ReportProvisioningResult(ProvisioningResult request, ServerCallContext context)
    {
        var (usageId, reason) = DeploymentMapping.ToDomain(request);
        var usage = await deployments.ReportAsync(usageId, request.Success, reason, context.CancellationToken);
        return usage.ToProto();
    }
}
