using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;
using Usage = MessagingChannelUsage.Protos.V1.MessagingChannelUsage;

namespace MessagingChannelUsage.Gateway.Tests.Admin;

public abstract class UsageWriteTests(GatewayFixture fixture)
{
    private readonly AdminApi api = new(fixture.Host);

    [Fact]
    public async Task Create_WithOnlyTheRequiredFields_IsNewWithAnIdOfPrefix0Mu()
    {
        var channel = await api.CreateChannelAsync();

        var usage = await api.CreateUsageAsync(channel.Id[..15], DeploymentType.Conversation);

        Assert.StartsWith("0Mu", usage.Id, StringComparison.Ordinal);
        Assert.Equal(18, usage.Id.Length);
        Assert.Equal(channel.Id, usage.MessagingChannelId);
        Assert.Equal(DeploymentStatus.New, usage.DeploymentStatus);
        Assert.Equal(ConsentType.Unspecified, usage.ConsentType);
        Assert.Null(usage.DisabledTime);
        Assert.Equal(usage, await api.RetrieveAsync(usage.Id));
    }

    [Fact]
    public async Task Update_ChangesOnlyTheMaskedFields_ByProtoOrSalesforceName()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Mj, u => u.ConsentType = ConsentType.ExplicitOptIn);

        var change = new Usage
        {
            Id = usage.Id,
            RoutingOverride = RoutingOverride.NonSessionMessages,
            ConsentType = ConsentType.DoubleOptIn, // not in the mask: ignored
        };
        var updated = await api.UpdateAsync(change, "RoutingOverride");

        Assert.Equal(RoutingOverride.NonSessionMessages, updated.RoutingOverride);
        Assert.Equal(ConsentType.ExplicitOptIn, updated.ConsentType);
        Assert.True(updated.SystemModstamp.ToDateTimeOffset() > usage.SystemModstamp.ToDateTimeOffset());
        Assert.Equal(updated, await api.RetrieveAsync(usage.Id));
    }

    [Fact]
    public async Task Update_MaskedZeroEnum_SetsTheFieldToNull()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation, u => u.ConsentType = ConsentType.ImplicitOptIn);

        var updated = await api.UpdateAsync(new Usage { Id = usage.Id }, "consent_type");

        Assert.Equal(ConsentType.Unspecified, updated.ConsentType);
        Assert.Equal(ConsentType.Unspecified, (await api.RetrieveAsync(usage.Id))!.ConsentType);
    }

    [Fact]
    public async Task Update_WithTheCurrentExpectedSystemModstamp_Succeeds()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);

        var updated = await api.Usages.UpdateAsync(new UpdateUsageRequest
        {
            Usage = new Usage { Id = usage.Id, ConsentType = ConsentType.ExplicitOptIn },
            UpdateMask = new FieldMask { Paths = { "ConsentType" } },
            ExpectedSystemModstamp = usage.SystemModstamp,
        }, Calls.Options);

        Assert.Equal(ConsentType.ExplicitOptIn, updated.ConsentType);
    }

    [Fact]
    public async Task Update_WithAStaleExpectedSystemModstamp_IsAborted_AndChangesNothing()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        var current = await api.UpdateAsync(new Usage { Id = usage.Id, ConsentType = ConsentType.ImplicitOptIn }, "consent_type");

        var failure = await AdminApi.FailsAsync(() => api.Usages.UpdateAsync(new UpdateUsageRequest
        {
            Usage = new Usage { Id = usage.Id, ConsentType = ConsentType.DoubleOptIn },
            UpdateMask = new FieldMask { Paths = { "consent_type" } },
            ExpectedSystemModstamp = usage.SystemModstamp,
        }, Calls.Options));

        failure.Is(StatusCode.Aborted, "ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE", "SystemModstamp");
        Assert.Equal(current, await api.RetrieveAsync(usage.Id));
    }

    [Fact]
    public async Task Update_ConcurrentWritersOfDifferentFields_LoseNoUpdate()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Mj);

        // Twenty writers at once, half on ConsentType and half on RoutingOverride, none with an
        // expected stamp: each must re-apply its change to the fresh record after a conflict.
        var writes = Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? api.UpdateAsync(new Usage { Id = usage.Id, ConsentType = ConsentType.DoubleOptIn }, "consent_type")
            : api.UpdateAsync(new Usage { Id = usage.Id, RoutingOverride = RoutingOverride.MjKeywordsOnly }, "routing_override"));
        await Task.WhenAll(writes).WaitAsync(Calls.Timeout);

        var final = await api.RetrieveAsync(usage.Id);
        Assert.Equal(ConsentType.DoubleOptIn, final!.ConsentType);
        Assert.Equal(RoutingOverride.MjKeywordsOnly, final.RoutingOverride);
    }

    [Fact]
    public async Task Upsert_WithoutIdAndNoMatch_CreatesTheUsage()
    {
        var channel = await api.CreateChannelAsync();

        var upserted = await api.Usages.UpsertAsync(new Usage
        {
            MessagingChannelId = channel.Id,
            DeploymentType = DeploymentType.MessagingEngagement,
            ConsentType = ConsentType.ExplicitOptIn,
        }, Calls.Options);

        var all = await api.UsagesOfChannelAsync(channel.Id);
        Assert.Single(all);
        Assert.Equal(upserted.Id, all[0].Id);
        Assert.Equal(ConsentType.ExplicitOptIn, upserted.ConsentType);
    }

    [Fact]
    public async Task Upsert_MatchingTheNaturalKey_UpdatesThatUsage()
    {
        var channel = await api.CreateChannelAsync();
        var existing = await api.CreateUsageAsync(channel.Id, DeploymentType.Mj);

        var upserted = await api.Usages.UpsertAsync(new Usage
        {
            MessagingChannelId = channel.Id[..15],
            DeploymentType = DeploymentType.Mj,
            RoutingOverride = RoutingOverride.NonSessionMessages,
        }, Calls.Options);

        Assert.Equal(existing.Id, upserted.Id);
        Assert.Equal(RoutingOverride.NonSessionMessages, upserted.RoutingOverride);
        Assert.Single(await api.UsagesOfChannelAsync(channel.Id));
    }

    [Fact]
    public async Task Upsert_ById_UpdatesThatUsage_AndAnUnknownIdIsNotFound()
    {
        var channel = await api.CreateChannelAsync();
        var existing = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);

        var upserted = await api.Usages.UpsertAsync(new Usage { Id = existing.Id, ConsentType = ConsentType.DoubleOptIn }, Calls.Options);
        var failure = await AdminApi.FailsAsync(() => api.Usages.UpsertAsync(
            new Usage { Id = SalesforceId.NewId("0Mu"), ConsentType = ConsentType.DoubleOptIn }, Calls.Options));

        Assert.Equal(existing.Id, upserted.Id);
        Assert.Equal(ConsentType.DoubleOptIn, upserted.ConsentType);
        failure.Is(StatusCode.NotFound, "NOT_FOUND", "Id");
    }
}
