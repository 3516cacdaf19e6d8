using Grpc.Core;
using MessagingChannelUsage.Gateway.Admin;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Services.Admin;

/// <summary>ChannelDeploymentService over gRPC: Setup's Activate/Connect and Deactivate/Disconnect.</summary>
internal sealed class ChannelDeploymentGrpcService(DeploymentAdmin deployments)
    : ChannelDeploymentService.ChannelDeploymentServiceBase
{
    public override Task<Protos.V1.MessagingChannelUsage> Activate(DeploymentRequest request, ServerCallContext context)
        => deployments.ActivateAsync(request.UsageId, context.CancellationToken);

    public override Task<Protos.V1.MessagingChannelUsage> Deactivate(DeploymentRequest request, ServerCallContext context)
        => deployments.DeactivateAsync(request.UsageId, context.CancellationToken);

    public override Task<Protos.V1.MessagingChannelUsage> Retry(DeploymentRequest request, ServerCallContext context)
        => deployments.RetryAsync(request.UsageId, context.CancellationToken);

    public override Task<Protos.V1.MessagingChannelUsage> ReportProvisioningResult(ProvisioningResult request, ServerCallContext context)
        => deployments.ReportAsync(request, context.CancellationToken);
}
