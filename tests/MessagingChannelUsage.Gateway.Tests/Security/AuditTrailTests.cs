using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Admin;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>Every admin write leaves one audit record: who, which RPC, which record, each changed field old → new.</summary>
public abstract class AuditTrailTests(GatewayFixture fixture)
{
    private readonly AdminApi admin = new(fixture.Host);

    private AuditService.AuditServiceClient Audit => fixture.CreateClient<AuditService.AuditServiceClient>();

    [Fact]
    public async Task CreateAndUpdateChannel_AreAudited_WithTheChangedFields()
    {
        var draft = AdminApi.ChannelDraft();
        var created = await admin.Channels.CreateChannelAsync(draft, Calls.Options);
        created.MasterLabel = "Renamed";
        var updated = await admin.Channels.UpdateChannelAsync(created, Calls.Options);

        var events = await EventsOfAsync(created.Id);

        Assert.Equal(2, events.Count);
        var create = events[0];
        Assert.Equal("messaging.v1.MessagingChannelService/CreateChannel", create.Rpc);
        Assert.Equal("MessagingChannel", create.ObjectName);
        Assert.Equal("anonymous", create.Caller);
        Assert.Contains(create.Changes, c => c.Field == "DeveloperName" && c.OldValue == string.Empty && c.NewValue == draft.DeveloperName);
        var update = events[1];
        Assert.Equal("messaging.v1.MessagingChannelService/UpdateChannel", update.Rpc);
        var label = Assert.Single(update.Changes, c => c.Field == "MasterLabel");
        Assert.Equal(draft.MasterLabel, label.OldValue);
        Assert.Equal("Renamed", label.NewValue);
        Assert.DoesNotContain(update.Changes, c => c.Field == "DeveloperName");
        Assert.True(update.Time.ToDateTimeOffset() >= create.Time.ToDateTimeOffset());
        Assert.Equal(updated.Id, update.ObjectId);
    }

    [Fact]
    public async Task UsageWritesAndLifecycle_AreAudited_OldToNew()
    {
        var channel = await admin.CreateChannelAsync(ChannelKind.Enhanced);
        var usage = await admin.CreateUsageAsync(channel.Id, DeploymentType.Conversation, u => u.ConsentType = ConsentType.ExplicitOptIn);
        await admin.UpdateAsync(new Protos.V1.MessagingChannelUsage { Id = usage.Id, ConsentType = ConsentType.ImplicitOptIn }, "consent_type");
        await admin.Deployments.ActivateAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options);
        await admin.Deployments.DeactivateAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options);

        var events = await EventsOfAsync(usage.Id);

        Assert.Equal(
            ["Create", "Update", "Activate", "Deactivate"],
            events.Select(e => e.Rpc[(e.Rpc.IndexOf('/', StringComparison.Ordinal) + 1)..]).ToArray());
        Assert.All(events, e => Assert.Equal("MessagingChannelUsage", e.ObjectName));
        Assert.Contains(events[0].Changes, c => c.Field == "DeploymentType" && c.NewValue == "Conversation");
        var consent = Assert.Single(events[1].Changes, c => c.Field == "ConsentType");
        Assert.Equal(("ExplicitOptIn", "ImplicitOptIn"), (consent.OldValue, consent.NewValue));
        var activated = Assert.Single(events[2].Changes, c => c.Field == "DeploymentStatus");
        Assert.Equal("Active", activated.NewValue);
        var deactivated = Assert.Single(events[3].Changes, c => c.Field == "DeploymentStatus");
        Assert.Equal(("Active", "Disabled"), (deactivated.OldValue, deactivated.NewValue));
    }

    [Fact]
    public async Task ASessionStatusChange_IsAudited_WithoutThePhoneNumber()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var platformKey = TestChannel.NewPlatformKey();
        var decision = await fixture.Router.InboundAsync(channel.Id, platformKey, "Where is my order?");
        await fixture.Sessions.UpdateSessionStatusAsync(new UpdateSessionStatusRequest { Id = decision.SessionId, Status = SessionStatus.Active }, Calls.Options);

        var record = Assert.Single(await EventsOfAsync(decision.SessionId));

        Assert.Equal("MessagingSession", record.ObjectName);
        var status = Assert.Single(record.Changes, c => c.Field == "Status");
        Assert.Equal(("New", "Active"), (status.OldValue, status.NewValue));
        Assert.DoesNotContain(record.Changes, c => c.OldValue.Contains(platformKey, StringComparison.Ordinal) || c.NewValue.Contains(platformKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedWrite_LeavesNoAuditRecord()
    {
        var channel = await admin.CreateChannelAsync(ChannelKind.Enhanced);
        var usage = await admin.CreateUsageAsync(channel.Id, DeploymentType.Conversation);

        await Assert.ThrowsAsync<RpcException>(async () => await admin.Deployments.RetryAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options));

        Assert.Single(await EventsOfAsync(usage.Id));
    }

    [Fact]
    public async Task ListAuditEvents_PagesThroughATimeRange()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var channel = await admin.CreateChannelAsync(ChannelKind.Enhanced);
        var usage = await admin.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        await admin.Deployments.ActivateAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options);

        var ids = new List<string>();
        var token = string.Empty;
        do
        {
            var page = await Audit.ListAuditEventsAsync(
                new ListAuditEventsRequest { FromTime = Timestamp.FromDateTimeOffset(from), PageSize = 1, PageToken = token },
                Calls.Options);
            Assert.True(page.Events.Count <= 1);
            ids.AddRange(page.Events.Select(e => e.ObjectId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        // Other tests write too: ours appear, in order.
        var ours = ids.Where(id => id == channel.Id || id == usage.Id).ToList();
        Assert.Equal([channel.Id, usage.Id, usage.Id], ours);
    }

    [Fact]
    public async Task ListAuditEvents_WithFromAfterTo_IsInvalidArgument()
    {
        var now = DateTimeOffset.UtcNow;
        var exception = await Assert.ThrowsAsync<RpcException>(async () => await Audit.ListAuditEventsAsync(
            new ListAuditEventsRequest { FromTime = Timestamp.FromDateTimeOffset(now), ToTime = Timestamp.FromDateTimeOffset(now.AddMinutes(-1)) },
            Calls.Options));
        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
    }

    private async Task<List<AuditEvent>> EventsOfAsync(string objectId)
    {
        var events = new List<AuditEvent>();
        var token = string.Empty;
        do
        {
            var page = await Audit.ListAuditEventsAsync(new ListAuditEventsRequest { ObjectId = objectId, PageToken = token }, Calls.Options);
            events.AddRange(page.Events);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return events;
    }
}

[Collection(SharedGateway.Name)]
public sealed class AuditTrailOnMemory(GatewayFixture fixture) : AuditTrailTests(fixture);

[Collection(SharedRedisGateway.Name)]
public sealed class AuditTrailOnRedis(RedisGatewayFixture fixture) : AuditTrailTests(fixture);

/// <summary>The caller recorded is the token's subject.</summary>
[Collection(SecuredGateway.Name)]
public sealed class AuditCallerTests(SecuredGatewayFixture fixture)
{
    [Fact]
    public async Task TheAuditRecord_NamesTheTokensSubject()
    {
        var headers = SecuredGatewayFixture.Bearer(fixture.Tokens.Mint("ops-console", "messaging.admin"));
        var created = await fixture.CreateClient<MessagingChannelService.MessagingChannelServiceClient>().CreateChannelAsync(AdminApi.ChannelDraft(), headers, Calls.Deadline);

        var page = await fixture.CreateClient<AuditService.AuditServiceClient>().ListAuditEventsAsync(new ListAuditEventsRequest { ObjectId = created.Id }, headers, Calls.Deadline);

        Assert.Equal("ops-console", Assert.Single(page.Events).Caller);
    }
}
