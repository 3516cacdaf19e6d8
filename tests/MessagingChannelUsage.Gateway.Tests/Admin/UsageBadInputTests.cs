using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;
using Usage = MessagingChannelUsage.Protos.V1.MessagingChannelUsage;

namespace MessagingChannelUsage.Gateway.Tests.Admin;

/// <summary>
/// Bad input gets the exact gRPC status, ErrorInfo.reason and field violation, and the store is
/// unchanged afterwards (read back through retrieve/query after the failed call).
/// </summary>
public abstract class UsageBadInputTests(GatewayFixture fixture)
{
    private readonly AdminApi api = new(fixture.Host);

    [Fact]
    public async Task Create_UnknownEnumNumbers_AreRestrictedPicklistErrorsOnEveryField_AndNothingIsStored()
    {
        var channel = await api.CreateChannelAsync();

        var failure = await AdminApi.FailsAsync(() => api.Usages.CreateAsync(new Usage
        {
            MessagingChannelId = channel.Id,
            DeploymentType = (DeploymentType)9,
            ConsentType = (ConsentType)99,
            DeploymentStatus = (DeploymentStatus)42,
        }, Calls.Options));

        failure.Is(StatusCode.InvalidArgument, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST")
            .HasViolation("DeploymentType", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST")
            .HasViolation("ConsentType", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST")
            .HasViolation("DeploymentStatus", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        Assert.Empty(await api.UsagesOfChannelAsync(channel.Id));
    }

    [Fact]
    public async Task Create_WithoutChannelAndType_IsRequiredFieldMissingOnBoth()
    {
        var failure = await AdminApi.FailsAsync(() => api.Usages.CreateAsync(new Usage { ConsentType = ConsentType.ImplicitOptIn }, Calls.Options));

        failure.Is(StatusCode.InvalidArgument, "REQUIRED_FIELD_MISSING")
            .HasViolation("MessagingChannelId", "REQUIRED_FIELD_MISSING")
            .HasViolation("DeploymentType", "REQUIRED_FIELD_MISSING");
    }

    [Fact]
    public async Task Create_OnAnUnknownChannel_IsInvalidCrossReferenceKey()
    {
        var failure = await AdminApi.FailsAsync(() => api.Usages.CreateAsync(new Usage
        {
            MessagingChannelId = SalesforceId.NewId("0Mj"),
            DeploymentType = DeploymentType.Conversation,
        }, Calls.Options));

        failure.Is(StatusCode.InvalidArgument, "INVALID_CROSS_REFERENCE_KEY", "MessagingChannelId");
    }

    [Fact]
    public async Task Update_DeploymentTypeInTheMask_IsInvalidFieldForInsertUpdate_AndChangesNothing()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);

        var failure = await AdminApi.FailsAsync(() => api.Usages.UpdateAsync(new UpdateUsageRequest
        {
            Usage = new Usage { Id = usage.Id, DeploymentType = DeploymentType.Mj, ConsentType = ConsentType.DoubleOptIn },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "deployment_type", "consent_type" } },
        }, Calls.Options));

        failure.Is(StatusCode.InvalidArgument, "INVALID_FIELD_FOR_INSERT_UPDATE", "DeploymentType");
        Assert.Equal(usage, await api.RetrieveAsync(usage.Id));
    }

    [Fact]
    public async Task Update_UnknownFieldInTheMask_IsInvalidField()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);

        var failure = await AdminApi.FailsAsync(() => api.UpdateAsync(new Usage { Id = usage.Id }, "color"));

        failure.Is(StatusCode.InvalidArgument, "INVALID_FIELD", "color");
        Assert.Equal(usage, await api.RetrieveAsync(usage.Id));
    }

    [Fact]
    public async Task Update_StatusAgainstTheLifecycle_IsFieldIntegrityException()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);

        var failure = await AdminApi.FailsAsync(() => api.UpdateAsync(new Usage { Id = usage.Id, DeploymentStatus = DeploymentStatus.Active }, "DeploymentStatus"));

        failure.Is(StatusCode.InvalidArgument, "FIELD_INTEGRITY_EXCEPTION", "DeploymentStatus");
        Assert.Equal(usage, await api.RetrieveAsync(usage.Id));
    }

    [Fact]
    public async Task Create_RoutingOverrideOnAConversationUsage_IsFieldIntegrityException_AndNothingIsStored()
    {
        var channel = await api.CreateChannelAsync();

        var failure = await AdminApi.FailsAsync(() => api.Usages.CreateAsync(new Usage
        {
            MessagingChannelId = channel.Id,
            DeploymentType = DeploymentType.Conversation,
            RoutingOverride = RoutingOverride.MjKeywordsOnly,
        }, Calls.Options));

        failure.Is(StatusCode.InvalidArgument, "FIELD_INTEGRITY_EXCEPTION", "RoutingOverride");
        Assert.Empty(await api.UsagesOfChannelAsync(channel.Id));
    }

    [Fact]
    public async Task Update_RoutingOverrideOnAConversationUsage_IsFieldIntegrityException_AndChangesNothing()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);

        var failure = await AdminApi.FailsAsync(() => api.UpdateAsync(new Usage { Id = usage.Id, RoutingOverride = RoutingOverride.NonSessionMessages }, "routing_override"));

        failure.Is(StatusCode.InvalidArgument, "FIELD_INTEGRITY_EXCEPTION", "RoutingOverride");
        Assert.Equal(usage, await api.RetrieveAsync(usage.Id));
    }

    [Fact]
    public async Task Create_ASecondUsageOfTheSameType_IsDuplicateValue_AndNothingIsStored()
    {
        var channel = await api.CreateChannelAsync();
        var first = await api.CreateUsageAsync(channel.Id, DeploymentType.Mj);

        var failure = await AdminApi.FailsAsync(() => api.Usages.CreateAsync(new Usage { MessagingChannelId = channel.Id, DeploymentType = DeploymentType.Mj }, Calls.Options));

        failure.Is(StatusCode.AlreadyExists, "DUPLICATE_VALUE", "DeploymentType");
        Assert.Equal([first.Id], (await api.UsagesOfChannelAsync(channel.Id)).Select(u => u.Id));
    }

    [Fact]
    public async Task Create_AFourthUsage_IsDuplicateValue_AndTheChannelKeepsThree()
    {
        var channel = await api.CreateChannelAsync();
        await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        await api.CreateUsageAsync(channel.Id, DeploymentType.MessagingEngagement);
        await api.CreateUsageAsync(channel.Id, DeploymentType.Mj);

        var failure = await AdminApi.FailsAsync(() => api.Usages.CreateAsync(new Usage { MessagingChannelId = channel.Id, DeploymentType = DeploymentType.Conversation }, Calls.Options));

        failure.Is(StatusCode.AlreadyExists, "DUPLICATE_VALUE", "MessagingChannelId");
        Assert.Equal(3, (await api.UsagesOfChannelAsync(channel.Id)).Count);
    }

    [Fact]
    public async Task Create_AnMJUsageOnAnEnhancedChannel_IsFieldIntegrityException_AndNothingIsStored()
    {
        var channel = await api.CreateChannelAsync(ChannelKind.Enhanced, MessageType.Facebook);

        var failure = await AdminApi.FailsAsync(() => api.Usages.CreateAsync(new Usage { MessagingChannelId = channel.Id, DeploymentType = DeploymentType.Mj }, Calls.Options));

        failure.Is(StatusCode.InvalidArgument, "FIELD_INTEGRITY_EXCEPTION", "DeploymentType");
        Assert.Empty(await api.UsagesOfChannelAsync(channel.Id));
    }

    [Fact]
    public async Task Create_OversizeChannelId_IsStringTooLong()
    {
        var failure = await AdminApi.FailsAsync(() => api.Usages.CreateAsync(new Usage
        {
            MessagingChannelId = new string('a', 2_000),
            DeploymentType = DeploymentType.Conversation,
        }, Calls.Options));

        failure.Is(StatusCode.ResourceExhausted, "STRING_TOO_LONG", "MessagingChannelId");
    }

    [Theory]
    [InlineData("bad suffix")]
    [InlineData("14 chars")]
    [InlineData("bad characters")]
    public async Task MalformedUsageIds_AreInvalidIdField_OnUpdateRetrieveAndActivate(string kind)
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        var id = kind switch
        {
            "bad suffix" => usage.Id[..15] + (usage.Id[15..] == "ZZZ" ? "AAA" : "ZZZ"),
            "14 chars" => usage.Id[..14],
            _ => usage.Id[..12] + "%$#",
        };

        var update = await AdminApi.FailsAsync(() => api.Usages.UpdateAsync(new UpdateUsageRequest
        {
            Usage = new Usage { Id = id, ConsentType = ConsentType.DoubleOptIn },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "consent_type" } },
        }, Calls.Options));
        var retrieve = await AdminApi.FailsAsync(() => api.Usages.RetrieveAsync(new RetrieveUsagesRequest { Ids = { usage.Id, id } }, Calls.Options));
        var activate = await AdminApi.FailsAsync(() => api.Deployments.ActivateAsync(new DeploymentRequest { UsageId = id }, Calls.Options));

        update.Is(StatusCode.InvalidArgument, "INVALID_ID_FIELD", "Id");
        retrieve.Is(StatusCode.InvalidArgument, "INVALID_ID_FIELD", "ids[1]");
        activate.Is(StatusCode.InvalidArgument, "INVALID_ID_FIELD", "usage_id");
        Assert.Equal(usage, await api.RetrieveAsync(usage.Id));
    }

    [Fact]
    public async Task Query_MalformedSoql_IsMalformedQueryWithThePosition()
    {
        var failure = await AdminApi.FailsAsync(() => api.Usages.QueryAsync(new QueryRequest { Soql = "SELECT Id FORM MessagingChannelUsage" }, Calls.Options));

        failure.Is(StatusCode.InvalidArgument, "MALFORMED_QUERY");
        Assert.Contains("position 11", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_GroupByDisabledTime_IsInvalidField()
    {
        var failure = await AdminApi.FailsAsync(() => api.Usages.QueryAsync(new QueryRequest
        {
            Soql = "SELECT DisabledTime, COUNT(Id) FROM MessagingChannelUsage GROUP BY DisabledTime",
        }, Calls.Options));

        failure.Is(StatusCode.InvalidArgument, "INVALID_FIELD");
    }
}
