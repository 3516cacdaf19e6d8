using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MessagingChannelUsage.Gateway.SalesforceRest;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using Domain = MessagingChannelUsage.Routing.Model;
using Google.Protobuf.WellKnownTypes;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>A gateway with bearer tokens that also serves the Salesforce REST API (port 0).</summary>
public sealed class SecuredRestGatewayFixture : SecuredGatewayFixture
{
    public HttpClient Http { get; private set; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Http = new HttpClient { BaseAddress = Host.GetRequiredService<RestListener>().Address };
    }

    public override async Task DisposeAsync()
    {
        Http.Dispose();
        await base.DisposeAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings()
        => [.. base.ExtraSettings(), new("Gateway:RestUrls", "http://127.0.0.1:0")];
}

/// <summary>
/// The REST surface follows the gRPC permission table (rest.md, security.md): 401
/// INVALID_SESSION_ID without a valid token, 403 INSUFFICIENT_ACCESS_OR_READONLY for a missing
/// scope or a foreign channel (nothing written), rows of other channels never shown, writes audited.
/// </summary>
public sealed partial class RestSecurityTests(SecuredRestGatewayFixture fixture) : IClassFixture<SecuredRestGatewayFixture>
{
    private const string Sobject = "/services/data/v60.0/sobjects/MessagingChannelUsage";

    [Fact]
    public async Task TheVersionList_IsPublic_ButDescribeWithoutAToken_Is401InvalidSessionId()
    {
        var versions = await SendAsync(HttpMethod.Get, "/services/data", token: null);
        var describe = await SendAsync(HttpMethod.Get, Sobject + "/describe", token: null);

        Assert.Equal(HttpStatusCode.OK, versions.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, describe.Status);
        Assert.Equal("INVALID_SESSION_ID", describe.Json[0].GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task AForgedToken_Is401()
    {
        var answer = await SendAsync(HttpMethod.Get, Sobject + "/describe", token: "not.a.token");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
    }

    [Fact]
    public async Task CreateWithAReadOnlyToken_Is403_AndWritesNothing()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var reader = fixture.Tokens.Mint("reader", "messaging.read");

        var answer = await SendAsync(HttpMethod.Post, Sobject, reader, CreateBody(channel.Id));

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal("INSUFFICIENT_ACCESS_OR_READONLY", answer.Json[0].GetProperty("errorCode").GetString());
        Assert.Equal(1, await CountUsagesAsync(channel.Id));
    }

    [Fact]
    public async Task ALimitedCaller_MayRetrieveItsOwnChannelsUsage_ButNotAForeignOne()
    {
        var own = await fixture.Channels.ServiceOnlyAsync();
        var foreign = await fixture.Channels.ServiceOnlyAsync();
        var limited = fixture.Tokens.Mint("svc-own", "messaging.read", channels: own.Id);

        var mine = await SendAsync(HttpMethod.Get, $"{Sobject}/{own.UsageIds[Domain.DeploymentType.Conversation]}", limited);
        var theirs = await SendAsync(HttpMethod.Get, $"{Sobject}/{foreign.UsageIds[Domain.DeploymentType.Conversation]}", limited);

        Assert.Equal(HttpStatusCode.OK, mine.Status);
        Assert.Equal(own.Id, mine.Json.GetProperty("MessagingChannelId").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, theirs.Status);
        Assert.Equal("INSUFFICIENT_ACCESS_OR_READONLY", theirs.Json[0].GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task ALimitedAdmin_CannotCreateOnAForeignChannel_NorMoveItsUsageThere()
    {
        var own = await fixture.Channels.CreateAsync(Domain.ChannelKind.Enhanced);
        var foreign = await fixture.Channels.CreateAsync(Domain.ChannelKind.Enhanced);
        var limited = fixture.Tokens.Mint("svc-own", "messaging.admin", channels: own.Id);

        var create = await SendAsync(HttpMethod.Post, Sobject, limited, CreateBody(foreign.Id));
        var created = await SendAsync(HttpMethod.Post, Sobject, limited, CreateBody(own.Id));
        var move = await SendAsync(HttpMethod.Patch, $"{Sobject}/{created.Json.GetProperty("id").GetString()}", limited,
            $$"""{"MessagingChannelId":"{{foreign.Id}}"}""");

        Assert.Equal(HttpStatusCode.Forbidden, create.Status);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.Forbidden, move.Status);
        Assert.Equal(0, await CountUsagesAsync(foreign.Id));
    }

    [Fact]
    public async Task AQueryByALimitedCaller_ShowsOnlyItsChannelsRows()
    {
        var own = await fixture.Channels.BothActiveAsync(null);
        var foreign = await fixture.Channels.BothActiveAsync(null);
        var limited = fixture.Tokens.Mint("svc-own", "messaging.read", channels: own.Id);
        var soql = Uri.EscapeDataString($"SELECT Id, MessagingChannelId FROM MessagingChannelUsage WHERE MessagingChannelId IN ('{own.Id}', '{foreign.Id}')");

        var answer = await SendAsync(HttpMethod.Get, "/services/data/v60.0/query?q=" + soql, limited);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var records = answer.Json.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal(own.Id, r.GetProperty("MessagingChannelId").GetString()));
    }

    [Fact]
    public async Task ARestCreate_IsAuditedWithTheCallerAndTheRestCall()
    {
        var channel = await fixture.Channels.CreateAsync(Domain.ChannelKind.Enhanced);
        var admin = fixture.Tokens.Mint("rest-admin", SecuredGatewayFixture.AllScopes);

        var created = await SendAsync(HttpMethod.Post, Sobject, admin, CreateBody(channel.Id));
        var id = created.Json.GetProperty("id").GetString()!;
        var events = await fixture.CreateClient<AuditService.AuditServiceClient>().ListAuditEventsAsync(
            new ListAuditEventsRequest { ObjectId = id, FromTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-5)) },
            fixture.Admin,
            Calls.Deadline);

        var audit = Assert.Single(events.Events);
        Assert.Equal("rest-admin", audit.Caller);
        Assert.Equal("REST POST " + Sobject, audit.Rpc);
        Assert.Contains(audit.Changes, c => c.Field == "DeploymentType" && c.NewValue == "Conversation");
    }

    private static string CreateBody(string channelId)
        => $$"""{"MessagingChannelId":"{{channelId}}","DeploymentType":"Conversation","ConsentType":"ImplicitOptIn"}""";

    private async Task<int> CountUsagesAsync(string channelId)
    {
        var usages = fixture.CreateClient<MessagingChannelUsageService.MessagingChannelUsageServiceClient>();
        var count = await usages.QueryAsync(
            new QueryRequest { Soql = $"SELECT COUNT() FROM MessagingChannelUsage WHERE MessagingChannelId = '{channelId}'" }, fixture.Admin, Calls.Deadline);
        return count.TotalSize;
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> SendAsync(HttpMethod method, string path, string? token, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await fixture.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return (response.StatusCode, document.RootElement.Clone());
    }
}
