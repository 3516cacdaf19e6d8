using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using MessagingChannelUsage.Gateway.DemoData;
using MessagingChannelUsage.Gateway.SalesforceRest;
using MessagingChannelUsage.Gateway.Tests.Admin;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Tests.Rest;

/// <summary>
/// The JSON routes of the router and the lifecycle (gRPC JSON transcoding) over the real REST
/// listener with HttpClient, as curl sends them: the answer is the gRPC answer in proto3 JSON, and
/// every client mistake is a 4xx with the Salesforce-style code and field the gRPC surface names.
/// The gateway runs on the embedded store with its demo channels (the quick-start gateway).
/// </summary>
public sealed class JsonRoutesTests : IAsyncLifetime, IDisposable
{
    private const string FormContentType = "application/x-www-form-urlencoded";
    private GatewayHost? host;
    private HttpClient? http;
    private AdminApi? api;

    private GatewayHost Host => host!;

    private HttpClient Http => http!;

    private AdminApi Api => api!;

    public async Task InitializeAsync()
    {
        host = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Store:Kind"] = "Memory",
            ["Gateway:SeedDemoData"] = "true",
            ["Gateway:RestUrls"] = "http://127.0.0.1:0",
        });
        http = new HttpClient { BaseAddress = host.GetRequiredService<RestListener>().Address };
        api = new AdminApi(host);
    }

    public async Task DisposeAsync() => await host!.DisposeAsync();

    public void Dispose() => http?.Dispose();

    [Fact]
    public async Task RouteInbound_AsCurlSendsIt_AnswersTheDecisionGrpcGivesForTheSameMessage()
    {
        // curl -d declares application/x-www-form-urlencoded; the body is JSON all the same.
        var platformKey = TestChannel.NewPlatformKey();
        var messageId = "json-" + Guid.NewGuid().ToString("N");
        var body = $$"""{"channelId":"{{DemoChannels.ServiceOnly}}","platformKey":"{{platformKey}}","text":"Where is my order?","messageId":"{{messageId}}"}""";

        var (status, json) = await PostAsync("/v1/route/inbound", body, FormContentType);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("HANDLER_OMNI_CHANNEL", json.GetProperty("handler").GetString());
        Assert.Equal("ROUTING_REASON_SERVICE_ONLY", json.GetProperty("reason").GetString());
        var fromJson = JsonParser.Default.Parse<RoutingDecision>(json.GetRawText());
        Assert.NotEmpty(fromJson.SessionId);

        // The same message over gRPC is a replay of the very decision JSON got.
        var replay = await Api.Router.InboundAsync(DemoChannels.ServiceOnly, platformKey, "Where is my order?", messageId);
        Assert.True(replay.Replayed);
        replay.Replayed = false;
        Assert.Equal(replay, fromJson);
    }

    [Fact]
    public async Task RouteInbound_DryRunOverJsonAndGrpc_AnswerEqualDecisions()
    {
        var platformKey = TestChannel.NewPlatformKey();
        var message = Messages.Inbound(DemoChannels.KeywordsOnly, platformKey, "JOIN now");
        message.DryRun = true;

        var (status, json) = await PostAsync("/v1/route/inbound", JsonFormatter.Default.Format(message));
        var overGrpc = await Api.Router.RouteInboundAsync(message, Calls.Options);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(overGrpc, JsonParser.Default.Parse<RoutingDecision>(json.GetRawText()));
        Assert.Equal("HANDLER_JOURNEY_BUILDER", json.GetProperty("handler").GetString());
        Assert.Equal("ROUTING_REASON_MARKETING_KEYWORD", json.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task RouteOutbound_TakesTheSenderByNameOrNumber()
    {
        var byName = await PostAsync("/v1/route/outbound", Outbound("\"HANDLER_JOURNEY_BUILDER\""));
        var byNumber = await PostAsync("/v1/route/outbound", Outbound(((int)Handler.JourneyBuilder).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.OK, byName.Status);
        Assert.Equal(HttpStatusCode.OK, byNumber.Status);
        Assert.Equal(byName.Json.GetProperty("handler").GetString(), byNumber.Json.GetProperty("handler").GetString());
    }

    [Fact]
    public async Task RouteOutbound_UnknownSenderName_IsRestrictedPicklistOnSender()
    {
        var (status, json) = await PostAsync("/v1/route/outbound", Outbound("\"HANDLER_SOMEONE\""));

        AssertError(status, json, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "sender");
    }

    [Fact]
    public async Task RouteOutbound_UnknownSenderNumber_HasTheCodeAndFieldGrpcNames()
    {
        var message = Messages.Outbound(DemoChannels.ServiceOnly, TestChannel.NewPlatformKey(), (Handler)99);
        var grpc = await Assert.ThrowsAsync<RpcException>(async () => await Api.Router.RouteOutboundAsync(message, Calls.Options));
        var (code, info, _) = Calls.Details(grpc);

        var (status, json) = await PostAsync("/v1/route/outbound", Outbound("99"));

        AssertError(status, json, HttpStatusCode.BadRequest, code, info!.Reason, info.Metadata["field"]);
    }

    [Fact]
    public async Task RouteInbound_MalformedChannelId_HasTheCodeAndFieldGrpcNames()
    {
        var message = Messages.Inbound("0Mj-not-an-id", TestChannel.NewPlatformKey(), "hi");
        var grpc = await Assert.ThrowsAsync<RpcException>(async () => await Api.Router.RouteInboundAsync(message, Calls.Options));
        var (code, info, badRequest) = Calls.Details(grpc);

        var (status, json) = await PostAsync("/v1/route/inbound", JsonFormatter.Default.Format(message));

        AssertError(status, json, HttpStatusCode.BadRequest, code, "INVALID_ID_FIELD", "channel_id");
        Assert.Equal("INVALID_ID_FIELD", info!.Reason);
        var violations = Detail(json, "google.rpc.BadRequest").GetProperty("fieldViolations");
        Assert.Equal(badRequest!.FieldViolations.Select(v => v.Field), violations.EnumerateArray().Select(v => v.GetProperty("field").GetString()));
    }

    [Theory]
    [InlineData("{\"channelId\": ", "truncated")]
    [InlineData("{'channelId':'x'}", "single quotes")]
    [InlineData("[1,2]", "an array")]
    [InlineData("", "empty")]
    [InlineData("{\"text\":\"hi\"} trailing", "trailing text")]
    public async Task RouteInbound_BodyThatIsNoJsonObject_IsJsonParserErrorWithoutField(string body, string because)
    {
        var (status, json) = await PostAsync("/v1/route/inbound", body);

        Assert.True(status == HttpStatusCode.BadRequest, because);
        AssertError(status, json, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "JSON_PARSER_ERROR", field: null);
    }

    [Theory]
    [InlineData("{\"platfromKey\":\"+1555\"}", "INVALID_FIELD", "platfromKey")]
    [InlineData("{\"dryRun\":\"yes\"}", "JSON_PARSER_ERROR", "dry_run")]
    [InlineData("{\"text\":42}", "JSON_PARSER_ERROR", "text")]
    [InlineData("{\"receivedAt\":\"yesterday\"}", "JSON_PARSER_ERROR", "received_at")]
    [InlineData("{\"receivedAt\":{\"seconds\":1}}", "JSON_PARSER_ERROR", "received_at")]
    public async Task RouteInbound_FieldThatCannotBeRead_NamesTheField(string body, string reason, string field)
    {
        var (status, json) = await PostAsync("/v1/route/inbound", body);

        AssertError(status, json, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, reason, field);
    }

    [Fact]
    public async Task RouteInbound_ProtoFieldNamesAndRfc3339Times_AreRead()
    {
        var body = $$"""{"channel_id":"{{DemoChannels.ServiceOnly}}","platform_key":"{{TestChannel.NewPlatformKey()}}","text":"hi","received_at":"2026-12-01T10:00:00Z","dry_run":true}""";

        var (status, json) = await PostAsync("/v1/route/inbound", body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("HANDLER_OMNI_CHANNEL", json.GetProperty("handler").GetString());
    }

    [Fact]
    public async Task RouteInbound_BodyLargerThanTheRoutersGrpcLimit_Is413ResourceExhausted()
    {
        // The router's own limit (Simulate raises it above the global one), as gRPC applies it.
        var global = Host.GetRequiredService<IOptions<GrpcServiceOptions>>().Value.MaxReceiveMessageSize;
        var limit = Host.GetRequiredService<IOptions<GrpcServiceOptions<Gateway.Routing.MessageRouterGrpcService>>>().Value.MaxReceiveMessageSize ?? global;
        var body = $$"""{"channelId":"{{DemoChannels.ServiceOnly}}","platformKey":"+15550001","text":"{{new string('x', limit!.Value)}}"}""";

        var (status, json) = await PostAsync("/v1/route/inbound", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal((int)StatusCode.ResourceExhausted, json.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task CreateChannel_BodyLargerThanTheGlobalGrpcLimit_Is413_AndAChannelWithinIt_IsCreated()
    {
        var limit = Host.GetRequiredService<IOptions<GrpcServiceOptions>>().Value.MaxReceiveMessageSize!.Value;
        var draft = AdminApi.ChannelDraft();
        var oversize = draft.Clone();
        oversize.HelpResponse = new string('x', limit);

        var refused = await PostAsync("/v1/channels", JsonFormatter.Default.Format(oversize));
        var created = await PostAsync("/v1/channels", JsonFormatter.Default.Format(draft));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.Status);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var id = created.Json.GetProperty("id").GetString()!;
        Assert.Equal(draft.DeveloperName, (await Api.Channels.GetChannelAsync(new GetChannelRequest { Id = id }, Calls.Options)).DeveloperName);
    }

    [Fact]
    public async Task RouteInbound_TextLongerThanAllowed_HasTheCodeGrpcNames()
    {
        var message = Messages.Inbound(DemoChannels.ServiceOnly, TestChannel.NewPlatformKey(), new string('x', 20_000));
        var grpc = await Assert.ThrowsAsync<RpcException>(async () => await Api.Router.RouteInboundAsync(message, Calls.Options));
        var (code, info, _) = Calls.Details(grpc);

        var (_, json) = await PostAsync("/v1/route/inbound", JsonFormatter.Default.Format(message));

        Assert.Equal((int)code, json.GetProperty("code").GetInt32());
        Assert.Equal(info!.Reason, Detail(json, "google.rpc.ErrorInfo").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task RouteInbound_TextPlainBody_Is415()
    {
        var (status, json) = await PostAsync("/v1/route/inbound", "{}", "text/plain");

        AssertError(status, json, HttpStatusCode.UnsupportedMediaType, StatusCode.InvalidArgument, "UNSUPPORTED_MEDIA_TYPE", field: null);
    }

    [Fact]
    public async Task GetChannel_AnswersTheChannelAsGrpcDoes()
    {
        using var response = await Http.GetAsync(new Uri($"/v1/channels/{DemoChannels.ServiceOnly}", UriKind.Relative));
        var fromJson = JsonParser.Default.Parse<MessagingChannel>(await response.Content.ReadAsStringAsync());

        var overGrpc = await Api.Channels.GetChannelAsync(new GetChannelRequest { Id = DemoChannels.ServiceOnly }, Calls.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(overGrpc, fromJson);
    }

    [Fact]
    public async Task GetChannel_UnknownId_Is404NotFound_MalformedId_Is400InvalidIdField()
    {
        var unknown = await GetAsync("/v1/channels/" + SalesforceId.To18("0Mj000000000042"));
        var malformed = await GetAsync("/v1/channels/nope");

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal((int)StatusCode.NotFound, unknown.Json.GetProperty("code").GetInt32());
        AssertError(malformed.Status, malformed.Json, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "INVALID_ID_FIELD", "id");
    }

    [Fact]
    public async Task GetEndUser_ByQueryParameters_FindsTheEndUserAMessageMade()
    {
        var platformKey = TestChannel.NewPlatformKey();
        var decision = await Api.Router.InboundAsync(DemoChannels.ServiceOnly, platformKey, "hello");

        var bySnakeCase = await GetAsync($"/v1/endusers?channel_id={DemoChannels.ServiceOnly}&platform_key={Uri.EscapeDataString(platformKey)}");
        var byCamelCase = await GetAsync($"/v1/endusers?channelId={DemoChannels.ServiceOnly}&platformKey={Uri.EscapeDataString(platformKey)}");

        Assert.Equal(HttpStatusCode.OK, bySnakeCase.Status);
        Assert.Equal(decision.EndUserId, bySnakeCase.Json.GetProperty("id").GetString());
        Assert.Equal(platformKey, bySnakeCase.Json.GetProperty("messagingPlatformKey").GetString());
        Assert.Equal(bySnakeCase.Json.GetRawText(), byCamelCase.Json.GetRawText());
    }

    [Fact]
    public async Task ActivateAndDeactivate_ByPost_ChangeTheUsageAsGrpcDoes()
    {
        var channel = await Api.CreateChannelAsync();
        var usage = await Api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);

        var activated = await PostAsync($"/v1/usages/{usage.Id}:activate", body: null);
        var deactivated = await PostAsync($"/v1/usages/{usage.Id}:deactivate", body: null);

        Assert.Equal(HttpStatusCode.OK, activated.Status);
        Assert.Equal("DEPLOYMENT_STATUS_ACTIVE", activated.Json.GetProperty("deploymentStatus").GetString());
        Assert.Equal(HttpStatusCode.OK, deactivated.Status);
        Assert.Equal("DEPLOYMENT_STATUS_DISABLED", deactivated.Json.GetProperty("deploymentStatus").GetString());
        Assert.Equal(await Api.RetrieveAsync(usage.Id), JsonParser.Default.Parse<Protos.V1.MessagingChannelUsage>(deactivated.Json.GetRawText()));
    }

    [Fact]
    public async Task Retry_OfAUsageNotInError_HasTheCodeAndFieldGrpcNames()
    {
        var channel = await Api.CreateChannelAsync();
        var usage = await Api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        var grpc = await Assert.ThrowsAsync<RpcException>(async () => await Api.Deployments.RetryAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options));
        var (code, info, _) = Calls.Details(grpc);

        var (status, json) = await PostAsync($"/v1/usages/{usage.Id}:retry", body: null);

        Assert.True((int)status is >= 400 and < 500, $"status {status}");
        AssertError(status, json, status, code, info!.Reason, info.Metadata["field"]);
    }

    [Fact]
    public async Task JsonRoutes_AreNotServedOnTheGrpcPort()
    {
        using var h2c = new HttpClient
        {
            BaseAddress = Host.Address,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");

        using var response = await h2c.PostAsync(new Uri("/v1/route/inbound", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string Outbound(string sender)
        => $$"""{"channelId":"{{DemoChannels.ServiceOnly}}","platformKey":"{{TestChannel.NewPlatformKey()}}","text":"Your order shipped","sender":{{sender}},"dryRun":true}""";

    private static void AssertError(HttpStatusCode status, JsonElement json, HttpStatusCode expectedStatus, StatusCode code, string reason, string? field)
    {
        Assert.Equal(expectedStatus, status);
        Assert.Equal((int)code, json.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));
        var info = Detail(json, "google.rpc.ErrorInfo");
        Assert.Equal(reason, info.GetProperty("reason").GetString());
        Assert.Equal("messaging.v1", info.GetProperty("domain").GetString());
        if (field is null)
        {
            Assert.False(info.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("field", out _));
        }
        else
        {
            Assert.Equal(field, info.GetProperty("metadata").GetProperty("field").GetString());
        }
    }

    private static JsonElement Detail(JsonElement status, string type)
        => status.GetProperty("details").EnumerateArray().Single(d => d.GetProperty("@type").GetString() == "type.googleapis.com/" + type);

    private async Task<(HttpStatusCode Status, JsonElement Json)> PostAsync(string path, string? body, string contentType = "application/json")
    {
        using var content = body is null ? null : new StringContent(body, Encoding.UTF8, contentType);
        using var response = await Http.PostAsync(new Uri(path, UriKind.Relative), content);
        return (response.StatusCode, await ReadAsync(response));
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await ReadAsync(response));
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString() ?? string.Empty, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
