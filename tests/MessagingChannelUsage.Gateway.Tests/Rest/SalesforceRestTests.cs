using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MessagingChannelUsage.Gateway.SalesforceRest;
using MessagingChannelUsage.Gateway.Tests.Admin;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Query;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Query;
using Microsoft.Extensions.DependencyInjection;

namespace MessagingChannelUsage.Gateway.Tests.Rest;

/// <summary>
/// Salesforce's REST API for MessagingChannelUsage over the real REST listener (HTTP/1.1, a free
/// port) with HttpClient, each answer checked field by field against Salesforce's documented
/// shapes. The gateway here pages queries by one row (Salesforce's minimum is 200).
/// </summary>
public sealed partial class SalesforceRestTests : IAsyncLifetime, IDisposable
{
    private const string Base = "/services/data/v60.0";
    private const string Sobject = Base + "/sobjects/MessagingChannelUsage";
    private const string DateFormat = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$";
    private GatewayHost? host;
    private HttpClient? http;
    private AdminApi? api;

    public async Task InitializeAsync()
    {
        host = await GatewayHost.StartAsync(
            new Dictionary<string, string?> { ["Store:Kind"] = "Memory", ["Gateway:SeedDemoData"] = "false", ["Gateway:RestUrls"] = "http://127.0.0.1:0" },
            services => services.AddSingleton(sp => new UsageQueryPager(
                sp.GetRequiredService<IUsageRepository>(),
                sp.GetRequiredService<IQuerySnapshotStore>(),
                TimeSpan.FromMinutes(15),
                new QueryOptions { MinBatchSize = 1 })));
        http = new HttpClient { BaseAddress = host.GetRequiredService<RestListener>().Address };
        api = new AdminApi(host);
    }

    public async Task DisposeAsync() => await host!.DisposeAsync();

    public void Dispose() => http?.Dispose();

    [Fact]
    public async Task Versions_ListEveryServedVersionFrom60WithLabelAndUrl()
    {
        var (status, json) = await SendAsync(HttpMethod.Get, "/services/data/");

        Assert.Equal(HttpStatusCode.OK, status);
        var first = json.EnumerateArray().First();
        Assert.Equal("Spring '24", first.GetProperty("label").GetString());
        Assert.Equal("/services/data/v60.0", first.GetProperty("url").GetString());
        Assert.Equal("60.0", first.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Version59_IsNotFound()
    {
        var (status, json) = await SendAsync(HttpMethod.Get, "/services/data/v59.0/sobjects/MessagingChannelUsage/describe");

        AssertError(status, json, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task DescribeGlobal_ListsTheObjectWithItsFlagsAndUrls()
    {
        var (status, json) = await SendAsync(HttpMethod.Get, Base + "/sobjects/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("UTF-8", json.GetProperty("encoding").GetString());
        Assert.Equal(200, json.GetProperty("maxBatchSize").GetInt32());
        var usage = Assert.Single(json.GetProperty("sobjects").EnumerateArray());
        Assert.Equal("MessagingChannelUsage", usage.GetProperty("name").GetString());
        Assert.Equal("0Mu", usage.GetProperty("keyPrefix").GetString());
        Assert.True(usage.GetProperty("createable").GetBoolean());
        Assert.True(usage.GetProperty("updateable").GetBoolean());
        Assert.True(usage.GetProperty("queryable").GetBoolean());
        Assert.True(usage.GetProperty("retrieveable").GetBoolean());
        Assert.False(usage.GetProperty("deletable").GetBoolean());
        Assert.Equal(Sobject, usage.GetProperty("urls").GetProperty("sobject").GetString());
        Assert.Equal(Sobject + "/describe", usage.GetProperty("urls").GetProperty("describe").GetString());
    }

    [Fact]
    public async Task Describe_ReturnsEveryFieldWithSalesforcesProperties()
    {
        var (status, json) = await SendAsync(HttpMethod.Get, Sobject + "/describe/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("MessagingChannelUsage", json.GetProperty("name").GetString());
        Assert.False(json.GetProperty("deletable").GetBoolean());
        var fields = json.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal(11, fields.Count);
        var status_ = fields["DeploymentStatus"];
        Assert.Equal("picklist", status_.GetProperty("type").GetString());
        Assert.Equal("xsd:string", status_.GetProperty("soapType").GetString());
        Assert.True(status_.GetProperty("createable").GetBoolean());
        Assert.True(status_.GetProperty("updateable").GetBoolean());
        Assert.False(status_.GetProperty("nillable").GetBoolean());
        Assert.True(status_.GetProperty("restrictedPicklist").GetBoolean());
        Assert.True(status_.GetProperty("defaultedOnCreate").GetBoolean());
        var values = status_.GetProperty("picklistValues").EnumerateArray().ToList();
        Assert.Equal(["New", "Provisioning", "Active", "Error", "Deprovisioning", "Disabled"], values.Select(v => v.GetProperty("value").GetString()));
        Assert.All(values, v => Assert.True(v.GetProperty("active").GetBoolean()));
        Assert.True(values[0].GetProperty("defaultValue").GetBoolean());
        var channel = fields["MessagingChannelId"];
        Assert.Equal("reference", channel.GetProperty("type").GetString());
        Assert.Equal(["MessagingChannel"], channel.GetProperty("referenceTo").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("MessagingChannel", channel.GetProperty("relationshipName").GetString());
        Assert.False(channel.GetProperty("updateable").GetBoolean());
        Assert.False(fields["DisabledTime"].GetProperty("groupable").GetBoolean());
        Assert.Equal("datetime", fields["DisabledTime"].GetProperty("type").GetString());
        Assert.Equal("id", fields["Id"].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Create_Answers201WithIdSuccessAndNoErrors_AndRetrieveReturnsTheRecord()
    {
        var channel = await api!.CreateChannelAsync();

        var (status, json) = await SendAsync(HttpMethod.Post, Sobject + "/", $$"""{"MessagingChannelId":"{{channel.Id}}","DeploymentType":"MJ","ConsentType":"ExplicitOptIn","RoutingOverride":"MJKeywordsOnly"}""");

        Assert.Equal(HttpStatusCode.Created, status);
        var id = json.GetProperty("id").GetString()!;
        Assert.Matches("^0Mu[0-9A-Za-z]{15}$", id);
        Assert.True(json.GetProperty("success").GetBoolean());
        Assert.Empty(json.GetProperty("errors").EnumerateArray());

        var (readStatus, record) = await SendAsync(HttpMethod.Get, Sobject + "/" + id[..15]);
        Assert.Equal(HttpStatusCode.OK, readStatus);
        Assert.Equal("MessagingChannelUsage", record.GetProperty("attributes").GetProperty("type").GetString());
        Assert.Equal(Sobject + "/" + id, record.GetProperty("attributes").GetProperty("url").GetString());
        Assert.Equal(id, record.GetProperty("Id").GetString());
        Assert.Equal(channel.Id, record.GetProperty("MessagingChannelId").GetString());
        Assert.Equal("MJ", record.GetProperty("DeploymentType").GetString());
        Assert.Equal("New", record.GetProperty("DeploymentStatus").GetString());
        Assert.Equal("ExplicitOptIn", record.GetProperty("ConsentType").GetString());
        Assert.Equal("MJKeywordsOnly", record.GetProperty("RoutingOverride").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("ErrorReason").ValueKind);
        Assert.Equal(JsonValueKind.Null, record.GetProperty("DisabledTime").ValueKind);
        Assert.Matches(DateFormat, record.GetProperty("CreatedDate").GetString());
        Assert.Matches(DateFormat, record.GetProperty("SystemModstamp").GetString());
    }

    [Fact]
    public async Task Retrieve_WithFields_ReturnsOnlyThoseFields()
    {
        var id = await CreateAsync(DeploymentType.Conversation);

        var (status, record) = await SendAsync(HttpMethod.Get, Sobject + "/" + id + "?fields=Id,DeploymentType");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["attributes", "Id", "DeploymentType"], record.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Retrieve_UnknownIdOrField_IsNotFoundOrInvalidField()
    {
        var (missing, missingJson) = await SendAsync(HttpMethod.Get, Sobject + "/" + SalesforceId.NewId("0Mu"));
        var id = await CreateAsync(DeploymentType.Conversation);
        var (badField, badFieldJson) = await SendAsync(HttpMethod.Get, Sobject + "/" + id + "?fields=Id,Colour");

        AssertError(missing, missingJson, HttpStatusCode.NotFound, "NOT_FOUND");
        AssertError(badField, badFieldJson, HttpStatusCode.BadRequest, "INVALID_FIELD", "fields");
    }

    [Fact]
    public async Task Create_WithBadInput_AnswersTheErrorArrayAndWritesNothing()
    {
        var channel = await api!.CreateChannelAsync();

        var (picklist, picklistJson) = await SendAsync(HttpMethod.Post, Sobject, $$"""{"MessagingChannelId":"{{channel.Id}}","DeploymentType":"MJ","ConsentType":"Sometimes"}""");
        var (unknown, unknownJson) = await SendAsync(HttpMethod.Post, Sobject, $$"""{"MessagingChannelId":"{{channel.Id}}","DeploymentType":"MJ","Colour":"red"}""");
        var (required, requiredJson) = await SendAsync(HttpMethod.Post, Sobject, $$"""{"MessagingChannelId":"{{channel.Id}}"}""");
        var (malformed, malformedJson) = await SendAsync(HttpMethod.Post, Sobject, "{\"DeploymentType\":");

        AssertError(picklist, picklistJson, HttpStatusCode.BadRequest, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "ConsentType");
        Assert.Equal("bad value for restricted picklist field: Sometimes", picklistJson[0].GetProperty("message").GetString());
        AssertError(unknown, unknownJson, HttpStatusCode.BadRequest, "INVALID_FIELD", "Colour");
        AssertError(required, requiredJson, HttpStatusCode.BadRequest, "REQUIRED_FIELD_MISSING", "DeploymentType");
        AssertError(malformed, malformedJson, HttpStatusCode.BadRequest, "JSON_PARSER_ERROR");
        Assert.Empty(await api.UsagesOfChannelAsync(channel.Id));
    }

    [Fact]
    public async Task Create_InAnotherMediaType_Is415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Sobject) { Content = new StringContent("DeploymentType=MJ", Encoding.UTF8, "application/x-www-form-urlencoded") };
        using var response = await http!.SendAsync(request);

        AssertError(response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task Update_Answers204AndChangesTheRecord()
    {
        var id = await CreateAsync(DeploymentType.Conversation);

        var (status, _) = await SendAsync(HttpMethod.Patch, Sobject + "/" + id, """{"ConsentType":"DoubleOptIn"}""");

        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal(ConsentType.DoubleOptIn, (await api!.RetrieveAsync(id))!.ConsentType);
    }

    [Fact]
    public async Task Update_WithIfUnmodifiedSinceBeforeTheLastChange_Is412AndWritesNothing()
    {
        var id = await CreateAsync(DeploymentType.Conversation);
        var modstamp = (await api!.RetrieveAsync(id))!.SystemModstamp.ToDateTimeOffset();

        var (stale, staleJson) = await SendAsync(HttpMethod.Patch, Sobject + "/" + id, """{"ConsentType":"DoubleOptIn"}""",
            ("If-Unmodified-Since", modstamp.AddSeconds(-5).ToString("r", System.Globalization.CultureInfo.InvariantCulture)));
        var (fresh, _) = await SendAsync(HttpMethod.Patch, Sobject + "/" + id, """{"ConsentType":"ExplicitOptIn"}""",
            ("If-Unmodified-Since", modstamp.AddSeconds(1).ToString("r", System.Globalization.CultureInfo.InvariantCulture)));

        AssertError(stale, staleJson, HttpStatusCode.PreconditionFailed, "ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE");
        Assert.Equal(HttpStatusCode.NoContent, fresh);
        Assert.Equal(ConsentType.ExplicitOptIn, (await api.RetrieveAsync(id))!.ConsentType);
    }

    [Fact]
    public async Task Update_AgainstTheRules_IsTheDomainErrorWithItsField()
    {
        var id = await CreateAsync(DeploymentType.Conversation);

        var (status, json) = await SendAsync(HttpMethod.Patch, Sobject + "/" + id, """{"RoutingOverride":"MJKeywordsOnly"}""");

        AssertError(status, json, HttpStatusCode.BadRequest, "FIELD_INTEGRITY_EXCEPTION", "RoutingOverride");
    }

    [Fact]
    public async Task Upsert_OnId_Answers200WithCreatedFalse()
    {
        var id = await CreateAsync(DeploymentType.Conversation);

        var (status, json) = await SendAsync(HttpMethod.Patch, Sobject + "/Id/" + id, """{"ConsentType":"DoubleOptIn"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(id, json.GetProperty("id").GetString());
        Assert.True(json.GetProperty("success").GetBoolean());
        Assert.Empty(json.GetProperty("errors").EnumerateArray());
        Assert.False(json.GetProperty("created").GetBoolean());
        Assert.Equal(ConsentType.DoubleOptIn, (await api!.RetrieveAsync(id))!.ConsentType);
    }

    [Fact]
    public async Task Delete_Is405MethodNotAllowed()
    {
        var id = await CreateAsync(DeploymentType.Conversation);

        using var response = await http!.DeleteAsync(Sobject + "/" + id);

        AssertError(response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement, HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
        Assert.NotNull(await api!.RetrieveAsync(id));
    }

    [Fact]
    public async Task Query_AndQueryMore_ReturnEveryRowOnceWhileARecordChangesBetweenPages()
    {
        var channel = await api!.CreateChannelAsync();
        var ids = new List<string>();
        foreach (var type in new[] { DeploymentType.Conversation, DeploymentType.MessagingEngagement, DeploymentType.Mj })
        {
            ids.Add((await api.CreateUsageAsync(channel.Id, type)).Id);
        }

        var soql = Uri.EscapeDataString($"SELECT Id, DeploymentType, CreatedDate FROM MessagingChannelUsage WHERE MessagingChannelId = '{channel.Id}' ORDER BY SystemModstamp DESC, Id");
        var (status, page) = await SendAsync(HttpMethod.Get, Base + "/query/?q=" + soql, headers: ("Sforce-Query-Options", "batchSize=1"));
        Assert.Equal(HttpStatusCode.OK, status);
        // Writing the oldest record (the last row) moves it to the top of a re-run query.
        var (written, _) = await SendAsync(HttpMethod.Patch, Sobject + "/" + ids[0], """{"ConsentType":"DoubleOptIn"}""");
        Assert.Equal(HttpStatusCode.NoContent, written);
        var pages = new List<JsonElement> { page };
        while (!pages[^1].GetProperty("done").GetBoolean())
        {
            Assert.True(pages.Count < 10, "paging does not end");
            var next = pages[^1].GetProperty("nextRecordsUrl").GetString()!;
            Assert.Matches("^/services/data/v60.0/query/01g[0-9A-Za-z]{15}-\\d+$", next);
            pages.Add((await SendAsync(HttpMethod.Get, next, headers: ("Sforce-Query-Options", "batchSize=1"))).Json);
        }

        Assert.All(pages, p => Assert.Equal(3, p.GetProperty("totalSize").GetInt32()));
        Assert.False(pages[^1].TryGetProperty("nextRecordsUrl", out _));
        var records = pages.SelectMany(p => p.GetProperty("records").EnumerateArray()).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), records.Select(r => r.GetProperty("Id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(records, r =>
        {
            Assert.Equal(["attributes", "Id", "DeploymentType", "CreatedDate"], r.EnumerateObject().Select(p => p.Name));
            Assert.Equal("MessagingChannelUsage", r.GetProperty("attributes").GetProperty("type").GetString());
            Assert.Matches(DateFormat, r.GetProperty("CreatedDate").GetString());
        });
    }

    [Fact]
    public async Task Query_Aggregate_ReturnsAggregateResultRowsWithExprNames()
    {
        var channel = await api!.CreateChannelAsync();
        await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        await api.CreateUsageAsync(channel.Id, DeploymentType.Mj);

        var soql = Uri.EscapeDataString($"SELECT DeploymentType, COUNT(Id) FROM MessagingChannelUsage WHERE MessagingChannelId = '{channel.Id}' GROUP BY DeploymentType");
        var (status, json) = await SendAsync(HttpMethod.Get, Base + "/query?q=" + soql);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json.GetProperty("done").GetBoolean());
        var rows = json.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal("AggregateResult", r.GetProperty("attributes").GetProperty("type").GetString());
            Assert.Equal(1, r.GetProperty("expr0").GetInt32());
        });
    }

    [Fact]
    public async Task Query_Malformed_And_UnknownLocator_AreTheirErrors()
    {
        var (malformed, malformedJson) = await SendAsync(HttpMethod.Get, Base + "/query?q=" + Uri.EscapeDataString("SELECT FROM MessagingChannelUsage"));
        var (locator, locatorJson) = await SendAsync(HttpMethod.Get, Base + "/query/" + QueryLocator.Format(QueryLocator.NewSnapshotId(), 200));

        AssertError(malformed, malformedJson, HttpStatusCode.BadRequest, "MALFORMED_QUERY");
        AssertError(locator, locatorJson, HttpStatusCode.BadRequest, "INVALID_QUERY_LOCATOR");
    }

    private async Task<string> CreateAsync(DeploymentType type)
    {
        var channel = await api!.CreateChannelAsync();
        return (await api.CreateUsageAsync(channel.Id, type)).Id;
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> SendAsync(HttpMethod method, string path, string? body = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http!.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Salesforce's error array: one element with message, errorCode and fields.</summary>
    private static void AssertError(HttpStatusCode status, JsonElement json, HttpStatusCode expectedStatus, string code, string? field = null)
    {
        Assert.Equal(expectedStatus, status);
        Assert.Equal(JsonValueKind.Array, json.ValueKind);
        var error = json[0];
        Assert.Equal(code, error.GetProperty("errorCode").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(JsonValueKind.Array, error.GetProperty("fields").ValueKind);
        if (field is not null)
        {
            Assert.Contains(field, error.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        }
    }
}
