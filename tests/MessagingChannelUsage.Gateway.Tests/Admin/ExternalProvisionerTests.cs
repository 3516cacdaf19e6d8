using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace MessagingChannelUsage.Gateway.Tests.Admin;

/// <summary>
/// A gateway of its own with Gateway:Provisioner = External, so also a disable schedule of its
/// own that the tests may claim from without taking other tests' entries.
/// </summary>
public abstract class ExternalProvisionerFixture : IAsyncLifetime
{
    private GatewayHost? host;

    public GatewayHost Host => host ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var configuration = new Dictionary<string, string?>(await GetStoreConfigurationAsync())
        {
            ["Gateway:Provisioner"] = "External",
            ["Store:SessionGrace"] = "02:00:00",
        };
        host = await GatewayHost.StartAsync(configuration);
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        await DisposeStoreAsync();
    }

    protected abstract Task<IReadOnlyDictionary<string, string?>> GetStoreConfigurationAsync();

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public sealed class Memory : ExternalProvisionerFixture
    {
        protected override Task<IReadOnlyDictionary<string, string?>> GetStoreConfigurationAsync()
            => Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?> { ["Store:Kind"] = "Memory" });
    }

    /// <summary>On a private redis-server (free loopback port), stopped with the fixture.</summary>
    public sealed class Redis : ExternalProvisionerFixture
    {
        private RedisServer? server;

        protected override async Task<IReadOnlyDictionary<string, string?>> GetStoreConfigurationAsync()
        {
            server = await RedisServer.StartAsync();
            return new Dictionary<string, string?> { ["Store:Kind"] = "Redis", ["Store:RedisConnectionString"] = server.Endpoint };
        }

        protected override async Task DisposeStoreAsync()
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
}

public abstract class ExternalProvisionerTests(ExternalProvisionerFixture fixture)
{
    private readonly AdminApi api = new(fixture.Host);

    [Fact]
    public async Task Lifecycle_WithAnExternalProvisioner_WaitsForReportProvisioningResult()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        var request = new DeploymentRequest { UsageId = usage.Id };

        Assert.Equal(DeploymentStatus.Provisioning, (await api.Deployments.ActivateAsync(request, Calls.Options)).DeploymentStatus);
        var active = await api.Deployments.ReportProvisioningResultAsync(new ProvisioningResult { UsageId = usage.Id, Success = true }, Calls.Options);
        Assert.Equal(DeploymentStatus.Active, active.DeploymentStatus);

        Assert.Equal(DeploymentStatus.Deprovisioning, (await api.Deployments.DeactivateAsync(request, Calls.Options)).DeploymentStatus);
        var failed = await api.Deployments.ReportProvisioningResultAsync(new ProvisioningResult { UsageId = usage.Id, Success = false }, Calls.Options);
        Assert.Equal(DeploymentStatus.Error, failed.DeploymentStatus);
        Assert.Equal(ErrorReason.DeprovisioningError, failed.ErrorReason);

        // Retry goes back the way the error came: deprovisioning.
        Assert.Equal(DeploymentStatus.Deprovisioning, (await api.Deployments.RetryAsync(request, Calls.Options)).DeploymentStatus);
        var disabled = await api.Deployments.ReportProvisioningResultAsync(new ProvisioningResult { UsageId = usage.Id, Success = true }, Calls.Options);
        Assert.Equal(DeploymentStatus.Disabled, disabled.DeploymentStatus);
        Assert.NotNull(disabled.DisabledTime);
        Assert.Equal(disabled, await api.RetrieveAsync(usage.Id));
    }

    [Fact]
    public async Task ReportProvisioningResult_FailureWithAReason_KeepsTheReason()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        await api.Deployments.ActivateAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options);

        var failed = await api.Deployments.ReportProvisioningResultAsync(
            new ProvisioningResult { UsageId = usage.Id, Success = false, ErrorReason = ErrorReason.InvalidSelection }, Calls.Options);

        Assert.Equal(DeploymentStatus.Error, failed.DeploymentStatus);
        Assert.Equal(ErrorReason.InvalidSelection, failed.ErrorReason);
    }

    [Fact]
    public async Task ReportedProvisioningFailure_WithoutAReason_IsErrorWithInternalError()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        await api.Deployments.ActivateAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options);

        var failed = await api.ReportAsync(usage.Id, success: false);

        Assert.Equal((DeploymentStatus.Error, ErrorReason.InternalError), (failed.DeploymentStatus, failed.ErrorReason));
        Assert.Equal(failed, await api.RetrieveAsync(usage.Id));
    }

    [Fact]
    public async Task Disabling_SchedulesTheSessionAutoEnd_AndReEnablingCancelsIt()
    {
        var schedule = fixture.Host.Services.GetRequiredService<IDisableSchedule>();
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        var request = new DeploymentRequest { UsageId = usage.Id };
        await api.Deployments.ActivateAsync(request, Calls.Options);
        await api.ReportAsync(usage.Id, success: true);
        await api.Deployments.DeactivateAsync(request, Calls.Options);
        var disabled = await api.ReportAsync(usage.Id, success: true);
        var disabledTime = disabled.DisabledTime.ToDateTimeOffset();

        // Due exactly at DisabledTime + Store:SessionGrace (2 h here): not one millisecond before.
        var early = await schedule.ClaimDueAsync(disabledTime.AddHours(2).AddMilliseconds(-1), 1000, CancellationToken.None).WaitAsync(Calls.Timeout);
        Assert.DoesNotContain(early, e => e.UsageId == usage.Id);

        // Leaving Disabled before then cancels it.
        await api.Deployments.ActivateAsync(request, Calls.Options);
        var later = await schedule.ClaimDueAsync(disabledTime.AddDays(30), 1000, CancellationToken.None).WaitAsync(Calls.Timeout);
        Assert.DoesNotContain(later, e => e.UsageId == usage.Id);

        // Disabled again: scheduled again, from the new DisabledTime.
        await api.ReportAsync(usage.Id, success: true);
        await api.Deployments.DeactivateAsync(request, Calls.Options);
        var again = await api.ReportAsync(usage.Id, success: true);
        var due = await schedule.ClaimDueAsync(again.DisabledTime.ToDateTimeOffset().AddHours(2), 1000, CancellationToken.None).WaitAsync(Calls.Timeout);
        var entry = Assert.Single(due, e => e.UsageId == usage.Id);
        Assert.Equal(channel.Id, entry.ChannelId);
        Assert.Equal(again.DisabledTime.ToDateTimeOffset(), entry.DisabledTime);
        Assert.Equal(again.DisabledTime.ToDateTimeOffset().AddHours(2), entry.DueAt);
    }
}
