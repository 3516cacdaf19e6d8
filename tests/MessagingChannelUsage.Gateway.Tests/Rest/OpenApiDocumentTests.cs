using System.Net;
using System.Text.Json;
using MessagingChannelUsage.Gateway.SalesforceRest;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;

namespace MessagingChannelUsage.Gateway.Tests.Rest;

/// <summary>The OpenAPI document of the JSON routes, read from the real REST listener.</summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime, IDisposable
{
    private GatewayHost? host;
    private HttpClient? http;

    public async Task InitializeAsync()
    {
        host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Store:Kind"] = "Memory", ["Gateway:RestUrls"] = "http://127.0.0.1:0" });
        http = new HttpClient { BaseAddress = host.GetRequiredService<RestListener>().Address };
    }

    public async Task DisposeAsync() => await host!.DisposeAsync();

    public void Dispose() => http?.Dispose();

    [Fact]
    public async Task Document_ListsEveryTranscodedRouteWithItsMethod()
    {
        var document = await ReadDocumentAsync();

        var routes = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(method => $"{method.Name.ToUpperInvariant()} {path.Name}"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "GET /v1/channels/{id}",
                "GET /v1/endusers",
                "POST /v1/channels",
                "POST /v1/route/inbound",
                "POST /v1/route/outbound",
                "POST /v1/simulate",
                "POST /v1/usages/{usageId}:activate",
                "POST /v1/usages/{usageId}:deactivate",
                "POST /v1/usages/{usageId}:retry",
            ],
            routes);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Document_DescribesBodiesAndAnswersByTheProtoMessages()
    {
        var document = await ReadDocumentAsync();

        var inbound = document.GetProperty("paths").GetProperty("/v1/route/inbound").GetProperty("post");
        Assert.Equal("#/components/schemas/InboundMessage", inbound.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/RoutingDecision", inbound.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        var fields = document.GetProperty("components").GetProperty("schemas").GetProperty("InboundMessage").GetProperty("properties").EnumerateObject().Select(p => p.Name);
        Assert.Equal(["messageId", "channelId", "platformKey", "text", "receivedAt", "dryRun"], fields);
        var endUserQuery = document.GetProperty("paths").GetProperty("/v1/endusers").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Equal(["channelId", "platformKey"], endUserQuery);
    }

    [Fact]
    public async Task Document_IsNotServedOnTheGrpcPort()
    {
        using var h2c = new HttpClient { BaseAddress = host!.Address, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await h2c.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<JsonElement> ReadDocumentAsync()
    {
        using var response = await http!.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
