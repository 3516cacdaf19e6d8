using System.Net;
using System.Text.Json;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;

namespace MessagingChannelUsage.Gateway.Tests.Rest;

/// <summary>sObject Collections (composite/sobjects): several records per call, one answer element each, in order.</summary>
public sealed partial class SalesforceRestTests
{
    private const string Composite = Base + "/composite/sobjects";

    [Fact]
    public async Task CreateMany_AnswersOneSaveResultPerRecordInOrder_AndABadRecordFailsAlone()
    {
        var channel = await api!.CreateChannelAsync();
        var body = $$"""
            {"allOrNone":false,"records":[
              {"attributes":{"type":"MessagingChannelUsage"},"MessagingChannelId":"{{channel.Id}}","DeploymentType":"Conversation"},
              {"attributes":{"type":"MessagingChannelUsage"},"MessagingChannelId":"{{channel.Id}}","DeploymentType":"NoSuchType"},
              {"attributes":{"type":"Account"},"Name":"x"},
              {"attributes":{"type":"MessagingChannelUsage"},"MessagingChannelId":"{{channel.Id}}","DeploymentType":"MJ"}]}
            """;

        var (status, json) = await SendAsync(HttpMethod.Post, Composite, body);

        Assert.Equal(HttpStatusCode.OK, status);
        var results = json.EnumerateArray().ToList();
        Assert.Equal(4, results.Count);
        Assert.True(results[0].GetProperty("success").GetBoolean());
        Assert.True(results[3].GetProperty("success").GetBoolean());
        AssertSaveError(results[1], "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "DeploymentType");
        AssertSaveError(results[2], "INVALID_TYPE", "attributes");
        Assert.Equal(DeploymentType.Conversation, (await api.RetrieveAsync(results[0].GetProperty("id").GetString()!))!.DeploymentType);
        Assert.Equal(DeploymentType.Mj, (await api.RetrieveAsync(results[3].GetProperty("id").GetString()!))!.DeploymentType);
    }

    [Fact]
    public async Task RetrieveMany_ByGetOrPost_AnswersRecordsInOrderWithNullForUnknownIds()
    {
        var first = await CreateAsync(DeploymentType.Conversation);
        var second = await CreateAsync(DeploymentType.Mj);
        var unknown = SalesforceId.To18("0Mu000000000042");

        var (getStatus, byGet) = await SendAsync(HttpMethod.Get, $"{Composite}/MessagingChannelUsage?ids={second},{unknown},{first[..15]}&fields=Id,DeploymentType");
        var (postStatus, byPost) = await SendAsync(HttpMethod.Post, $"{Composite}/MessagingChannelUsage", $$"""{"ids":["{{second}}","{{unknown}}","{{first[..15]}}"],"fields":["Id","DeploymentType"]}""");

        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal(HttpStatusCode.OK, postStatus);
        Assert.Equal(byGet.GetRawText(), byPost.GetRawText());
        var records = byGet.EnumerateArray().ToList();
        Assert.Equal(second, records[0].GetProperty("Id").GetString());
        Assert.Equal("MJ", records[0].GetProperty("DeploymentType").GetString());
        Assert.Equal(JsonValueKind.Null, records[1].ValueKind);
        Assert.Equal(first, records[2].GetProperty("Id").GetString());
        Assert.False(records[2].TryGetProperty("ConsentType", out _));
    }

    [Fact]
    public async Task UpdateMany_AndUpsertManyOnId_ChangeEachRecord_AndAnUnknownIdFailsAlone()
    {
        var first = await CreateAsync(DeploymentType.Conversation);
        var second = await CreateAsync(DeploymentType.Mj);
        var unknown = SalesforceId.To18("0Mu000000000042");

        var (updateStatus, updated) = await SendAsync(HttpMethod.Patch, Composite, $$"""
            {"allOrNone":false,"records":[
              {"attributes":{"type":"MessagingChannelUsage"},"id":"{{first}}","ConsentType":"DoubleOptIn"},
              {"attributes":{"type":"MessagingChannelUsage"},"id":"{{unknown}}","ConsentType":"DoubleOptIn"}]}
            """);
        var (upsertStatus, upserted) = await SendAsync(HttpMethod.Patch, Composite + "/MessagingChannelUsage/Id", $$"""
            {"allOrNone":false,"records":[
              {"attributes":{"type":"MessagingChannelUsage"},"Id":"{{second}}","ConsentType":"ExplicitOptIn"},
              {"attributes":{"type":"MessagingChannelUsage"},"ConsentType":"ExplicitOptIn"}]}
            """);

        Assert.Equal(HttpStatusCode.OK, updateStatus);
        Assert.True(updated[0].GetProperty("success").GetBoolean());
        Assert.Equal(first, updated[0].GetProperty("id").GetString());
        AssertSaveError(updated[1], "NOT_FOUND", null);
        Assert.Equal(ConsentType.DoubleOptIn, (await api!.RetrieveAsync(first))!.ConsentType);

        Assert.Equal(HttpStatusCode.OK, upsertStatus);
        Assert.True(upserted[0].GetProperty("success").GetBoolean());
        Assert.False(upserted[0].GetProperty("created").GetBoolean());
        AssertSaveError(upserted[1], "REQUIRED_FIELD_MISSING", "Id");
        Assert.Equal(ConsentType.ExplicitOptIn, (await api.RetrieveAsync(second))!.ConsentType);
    }

    [Fact]
    public async Task Collections_AllOrNoneTrue_Or201Records_AreRefusedWhole()
    {
        var channel = await api!.CreateChannelAsync();
        var record = $$"""{"attributes":{"type":"MessagingChannelUsage"},"MessagingChannelId":"{{channel.Id}}","DeploymentType":"MJ"}""";

        var (allStatus, allJson) = await SendAsync(HttpMethod.Post, Composite, $$"""{"allOrNone":true,"records":[{{record}}]}""");
        var (manyStatus, manyJson) = await SendAsync(HttpMethod.Post, Composite, $$"""{"records":[{{string.Join(',', Enumerable.Repeat(record, 201))}}]}""");

        AssertError(allStatus, allJson, HttpStatusCode.BadRequest, "INVALID_FIELD", "allOrNone");
        AssertError(manyStatus, manyJson, HttpStatusCode.BadRequest, "EXCEEDED_ID_LIMIT", "records");
        Assert.Empty((await api.Usages.QueryAsync(new QueryRequest { Soql = $"SELECT Id FROM MessagingChannelUsage WHERE MessagingChannelId = '{channel.Id}'" }, Infrastructure.Calls.Options)).Records);
    }

    private static void AssertSaveError(JsonElement result, string code, string? field)
    {
        Assert.False(result.GetProperty("success").GetBoolean());
        var error = Assert.Single(result.GetProperty("errors").EnumerateArray());
        Assert.Equal(code, error.GetProperty("statusCode").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        if (field is not null)
        {
            Assert.Equal([field], error.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        }
    }
}
