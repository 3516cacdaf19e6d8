using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;

namespace MessagingChannelUsage.Gateway.Tests.Admin;

/// <summary>retrieve(), query() and describeSObjects().</summary>
public abstract class UsageReadTests(GatewayFixture fixture)
{
    private readonly AdminApi api = new(fixture.Host);

    [Fact]
    public async Task Retrieve_ReturnsRecordsInRequestOrder_WithFoundFalseForMissingIds_AndOnlyTheNamedFields()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation, u => u.ConsentType = ConsentType.ExplicitOptIn);
        var missing = SalesforceId.NewId("0Mu");

        var response = await api.Usages.RetrieveAsync(new RetrieveUsagesRequest
        {
            Ids = { missing, usage.Id[..15] },
            FieldNames = { "ConsentType", "deployment_type" },
        }, Calls.Options);

        Assert.Equal(2, response.Records.Count);
        Assert.Equal(missing, response.Records[0].RequestedId);
        Assert.False(response.Records[0].Found);
        Assert.Null(response.Records[0].Usage);
        var found = response.Records[1];
        Assert.True(found.Found);
        Assert.Equal(usage.Id, found.Usage.Id);
        Assert.Equal(ConsentType.ExplicitOptIn, found.Usage.ConsentType);
        Assert.Equal(DeploymentType.Conversation, found.Usage.DeploymentType);
        Assert.Empty(found.Usage.MessagingChannelId);
        Assert.Equal(DeploymentStatus.Unspecified, found.Usage.DeploymentStatus);
        Assert.Null(found.Usage.SystemModstamp);
    }

    [Fact]
    public async Task Retrieve_UnknownFieldNames_AreInvalidField()
    {
        var failure = await AdminApi.FailsAsync(() => api.Usages.RetrieveAsync(new RetrieveUsagesRequest
        {
            Ids = { SalesforceId.NewId("0Mu") },
            FieldNames = { "ConsentType", "Colour" },
        }, Calls.Options));

        failure.Is(StatusCode.InvalidArgument, "INVALID_FIELD", "field_names");
        Assert.Contains("Colour", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_SelectWhere_ReturnsTheSelectedFieldsOfMatchingRecords()
    {
        var channel = await api.CreateChannelAsync();
        var conversation = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        var mj = await api.CreateUsageAsync(channel.Id, DeploymentType.Mj, u => u.RoutingOverride = RoutingOverride.NonSessionMessages);

        var response = await api.Usages.QueryAsync(new QueryRequest
        {
            Soql = $"SELECT Id, RoutingOverride FROM MessagingChannelUsage WHERE MessagingChannelId = '{channel.Id}' AND DeploymentType IN ('MJ', 'MessagingEngagement')",
        }, Calls.Options);

        Assert.Equal(["Id", "RoutingOverride"], response.Fields);
        Assert.Equal(1, response.TotalSize);
        Assert.True(response.Done);
        Assert.Empty(response.NextPageToken);
        var record = Assert.Single(response.Records);
        Assert.Equal(mj.Id, record.Id);
        Assert.Equal(RoutingOverride.NonSessionMessages, record.RoutingOverride);
        Assert.Equal(DeploymentType.Unspecified, record.DeploymentType);
        Assert.NotEqual(conversation.Id, record.Id);
    }

    [Fact]
    public async Task Query_CountGroupBy_ReturnsAggregateRowsAsStructs()
    {
        var channel = await api.CreateChannelAsync();
        await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        await api.CreateUsageAsync(channel.Id, DeploymentType.Mj);
        await api.CreateUsageAsync(channel.Id, DeploymentType.MessagingEngagement, u => u.DeploymentStatus = DeploymentStatus.Active);

        var response = await api.Usages.QueryAsync(new QueryRequest
        {
            Soql = $"SELECT DeploymentStatus, COUNT(Id) n FROM MessagingChannelUsage WHERE MessagingChannelId = '{channel.Id}' GROUP BY DeploymentStatus",
        }, Calls.Options);

        Assert.Empty(response.Records);
        Assert.Equal(["DeploymentStatus", "n"], response.Fields);
        var rows = response.AggregateRows.ToDictionary(r => r.Values.Fields["DeploymentStatus"].StringValue, r => r.Values.Fields["n"].NumberValue);
        Assert.Equal(new Dictionary<string, double> { ["Active"] = 1, ["New"] = 2 }, rows);
    }

    [Fact]
    public async Task Query_CountOnly_AnswersInTotalSize()
    {
        var channel = await api.CreateChannelAsync();
        await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        await api.CreateUsageAsync(channel.Id, DeploymentType.Mj);

        var response = await api.Usages.QueryAsync(new QueryRequest
        {
            Soql = $"SELECT COUNT() FROM MessagingChannelUsage WHERE MessagingChannelId = '{channel.Id}'",
        }, Calls.Options);

        Assert.Equal(2, response.TotalSize);
        Assert.Empty(response.Records);
    }

    [Fact]
    public async Task DescribeSObject_DescribesEveryFieldWithItsProperties()
    {
        var describe = await api.Usages.DescribeSObjectAsync(new DescribeSObjectRequest { Name = "MessagingChannelUsage" }, Calls.Options);

        Assert.Equal("MessagingChannelUsage", describe.Name);
        Assert.Equal("0Mu", describe.KeyPrefix);
        Assert.Equal(["create", "describeSObjects", "query", "retrieve", "update", "upsert"], describe.SupportedCalls);
        Assert.Equal(11, describe.Fields.Count);

        var type = describe.Fields.Single(f => f.Name == "DeploymentType");
        Assert.Equal("picklist", type.Type);
        Assert.True(type.Createable);
        Assert.False(type.Updateable);
        Assert.False(type.Nillable);
        Assert.True(type.RestrictedPicklist);
        Assert.Equal(["Conversation", "MessagingEngagement", "MJ"], type.PicklistValues.Select(v => v.Value));

        var consent = describe.Fields.Single(f => f.Name == "ConsentType");
        Assert.Contains(consent.PicklistValues, v => v.Value == "ImplicitOptIn" && v.Label == "Implicit Opt-In");
        Assert.True(consent.Nillable && consent.Updateable && consent.Groupable);

        var disabled = describe.Fields.Single(f => f.Name == "DisabledTime");
        Assert.Equal("datetime", disabled.Type);
        Assert.True(disabled.Filterable && disabled.Sortable && disabled.Nillable);
        Assert.False(disabled.Groupable || disabled.Createable || disabled.Updateable);

        var channel = describe.Fields.Single(f => f.Name == "MessagingChannelId");
        Assert.Equal("reference", channel.Type);
        Assert.Equal(["MessagingChannel"], channel.ReferenceTo);
        Assert.Equal("MessagingChannel", channel.RelationshipName);
    }

    [Fact]
    public async Task DescribeSObject_UnknownObject_IsNotFoundInvalidType()
    {
        var failure = await AdminApi.FailsAsync(() => api.Usages.DescribeSObjectAsync(new DescribeSObjectRequest { Name = "Account" }, Calls.Options));

        failure.Is(StatusCode.NotFound, "INVALID_TYPE", "name");
    }
}
