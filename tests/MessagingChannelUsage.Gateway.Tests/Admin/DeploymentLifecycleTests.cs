using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;

namespace MessagingChannelUsage.Gateway.Tests.Admin;

/// <summary>ChannelDeploymentService with the built-in provisioner (the default).</summary>
public abstract class DeploymentLifecycleTests(GatewayFixture fixture)
{
    private readonly AdminApi api = new(fixture.Host);

    [Fact]
    public async Task Lifecycle_ErrorRetryActiveDisabledAndReEnabled()
    {
        // A Service Cloud usage on a channel without a fallback queue cannot connect.
        var channel = await api.CreateChannelAsync(withFallbackQueue: false);
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        var request = new DeploymentRequest { UsageId = usage.Id };

        var failed = await api.Deployments.ActivateAsync(request, Calls.Options);
        Assert.Equal(DeploymentStatus.Error, failed.DeploymentStatus);
        Assert.Equal(ErrorReason.ProvisioningError, failed.ErrorReason);

        var fixedChannel = channel.Clone();
        fixedChannel.FallbackQueueId = AdminApi.NewQueueId();
        await api.Channels.UpdateChannelAsync(fixedChannel, Calls.Options);

        var active = await api.Deployments.RetryAsync(request, Calls.Options);
        Assert.Equal(DeploymentStatus.Active, active.DeploymentStatus);
        Assert.Equal(ErrorReason.Unspecified, active.ErrorReason);

        var disabled = await api.Deployments.DeactivateAsync(request, Calls.Options);
        Assert.Equal(DeploymentStatus.Disabled, disabled.DeploymentStatus);
        Assert.NotNull(disabled.DisabledTime);
        Assert.Equal(disabled, await api.RetrieveAsync(usage.Id));

        var reEnabled = await api.Deployments.ActivateAsync(request, Calls.Options);
        Assert.Equal(DeploymentStatus.Active, reEnabled.DeploymentStatus);
        Assert.Null(reEnabled.DisabledTime);
        Assert.Equal(reEnabled, await api.RetrieveAsync(usage.Id));
    }

    [Fact]
    public async Task Activate_ConsentTypeWithoutItsKeywords_IsProvisioningError()
    {
        // ExplicitOptIn needs opt-in keywords and an opt-in prompt; the channel has neither.
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation, u => u.ConsentType = ConsentType.ExplicitOptIn);

        var result = await api.Deployments.ActivateAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options);

        Assert.Equal(DeploymentStatus.Error, result.DeploymentStatus);
        Assert.Equal(ErrorReason.ProvisioningError, result.ErrorReason);
    }

    [Fact]
    public async Task Activate_ThenRouteInbound_GoesToOmniChannel()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);

        var active = await api.Deployments.ActivateAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options);
        var decision = await api.Router.InboundAsync(channel.Id, "+15550001111", "I need help with my order");

        Assert.Equal(DeploymentStatus.Active, active.DeploymentStatus);
        Assert.Equal(Handler.OmniChannel, decision.Handler);
        Assert.Equal(RoutingReason.ServiceOnly, decision.Reason);
        Assert.Equal(usage.Id, decision.UsageId);
    }

    [Fact]
    public async Task Deactivate_ANewUsage_IsFailedPrecondition_AndChangesNothing()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);

        var failure = await AdminApi.FailsAsync(() => api.Deployments.DeactivateAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options));

        failure.Is(StatusCode.FailedPrecondition, "FIELD_INTEGRITY_EXCEPTION", "DeploymentStatus");
        Assert.Equal(usage, await api.RetrieveAsync(usage.Id));
    }

    [Fact]
    public async Task Activate_AnActiveUsage_IsANoOp()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        var active = await api.Deployments.ActivateAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options);

        var again = await api.Deployments.ActivateAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options);

        Assert.Equal(active, again);
    }

    [Fact]
    public async Task Activate_ManyAtOnce_AllAnswerActive_AndTheUsageIsWrittenConsistently()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);

        var results = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => api.Deployments.ActivateAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options).ResponseAsync))
            .WaitAsync(Calls.Timeout);

        var stored = await api.RetrieveAsync(usage.Id);
        Assert.All(results, r => Assert.Equal(DeploymentStatus.Active, r.DeploymentStatus));
        Assert.All(results, r => Assert.Equal(stored, r));
    }

    [Fact]
    public async Task Activate_UnknownUsage_IsNotFound()
    {
        var failure = await AdminApi.FailsAsync(() => api.Deployments.ActivateAsync(
            new DeploymentRequest { UsageId = SalesforceId.NewId("0Mu") }, Calls.Options));

        failure.Is(StatusCode.NotFound, "NOT_FOUND", "usage_id");
    }

    [Fact]
    public async Task ReportProvisioningResult_WithTheBuiltInProvisioner_IsFailedPrecondition()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        await api.Deployments.ActivateAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options);

        // Active already: nothing is being provisioned.
        var failure = await AdminApi.FailsAsync(() => api.Deployments.ReportProvisioningResultAsync(
            new ProvisioningResult { UsageId = usage.Id, Success = true }, Calls.Options));

        failure.Is(StatusCode.FailedPrecondition, "FIELD_INTEGRITY_EXCEPTION", "DeploymentStatus");
    }
}
