using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using MessagingChannelUsage.Gateway.DemoData;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;

namespace MessagingChannelUsage.Gateway.Tests.Hosting;

/// <summary>What the host serves besides routing: health, reflection, demo data, HTTP/2 only.</summary>
[Collection(SharedGateway.Name)]
public sealed class HostingTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Health_WhileRunning_IsServing()
    {
        var health = fixture.CreateClient<Health.HealthClient>();

        var response = await health.CheckAsync(new HealthCheckRequest(), Calls.Options);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_ListsTheRoutingServices()
    {
        var reflection = fixture.CreateClient<ServerReflection.ServerReflectionClient>();
        using var call = reflection.ServerReflectionInfo(deadline: Calls.Deadline);

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains("messaging.v1.MessageRouter", services);
        Assert.Contains("messaging.v1.MessagingSessionService", services);
        Assert.Contains("messaging.v1.MessagingEndUserService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Theory]
    [InlineData(nameof(DemoChannels.ServiceOnly), "hello", Handler.OmniChannel, RoutingReason.ServiceOnly)]
    [InlineData(nameof(DemoChannels.KeywordsOnly), "JOIN", Handler.JourneyBuilder, RoutingReason.MarketingKeyword)]
    [InlineData(nameof(DemoChannels.KeywordsOnly), "hello", Handler.OmniChannel, RoutingReason.NotAMarketingKeyword)]
    [InlineData(nameof(DemoChannels.NonSessionMessages), "hello", Handler.JourneyBuilder, RoutingReason.NoActiveServiceSession)]
    [InlineData(nameof(DemoChannels.MarketingOnly), "hello", Handler.JourneyBuilder, RoutingReason.MarketingOnly)]
    [InlineData(nameof(DemoChannels.AllDisabled), "hello", Handler.None, RoutingReason.NoActiveUsage)]
    [InlineData(nameof(DemoChannels.Spanish), "baja", Handler.None, RoutingReason.OptOutKeyword)]
    [InlineData(nameof(DemoChannels.Spanish), "¿horario?", Handler.None, RoutingReason.CustomKeyword)]
    [InlineData(nameof(DemoChannels.Spanish), "precios por favor", Handler.JourneyBuilder, RoutingReason.CustomKeyword)]
    [InlineData(nameof(DemoChannels.Spanish), "unirse", Handler.JourneyBuilder, RoutingReason.MarketingKeyword)]
    public async Task DemoChannel_OnTheMemoryStore_AnswersItsDocumentedBranch(string demo, string text, Handler handler, RoutingReason reason)
    {
        var channelId = (string)typeof(DemoChannels).GetField(demo)!.GetValue(null)!;

        var decision = await fixture.Router.InboundAsync(channelId, TestChannel.NewPlatformKey(), text);

        Assert.Equal((handler, reason), (decision.Handler, decision.Reason));
    }

    [Fact]
    public void DemoChannelIds_AreTheDocumentedEighteenCharacterIds()
    {
        Assert.Equal("0Mj0000000DEMO1CAP", DemoChannels.ServiceOnly);
        Assert.All(
            new[] { DemoChannels.ServiceOnly, DemoChannels.KeywordsOnly, DemoChannels.NonSessionMessages, DemoChannels.MarketingOnly, DemoChannels.AllDisabled, DemoChannels.Spanish },
            id => Assert.Equal(18, id.Length));
    }

    [Fact]
    public async Task Gateway_WithSeedDemoDataOff_HasNoDemoChannels()
    {
        await using var host = await GatewayHost.StartAsync([new("Store:Kind", "Memory"), new("Gateway:SeedDemoData", "false")]);
        var router = host.CreateClient<MessageRouter.MessageRouterClient>();

        var decision = await router.InboundAsync(DemoChannels.ServiceOnly, "+15550001", "hello");

        Assert.Equal(RoutingReason.ChannelNotFound, decision.Reason);
    }

    [Fact]
    public async Task Health_OnceTheHostIsStopping_IsNotServing()
    {
        var host = await GatewayHost.StartAsync([new("Store:Kind", "Memory")]);
        var healthChecks = host.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Healthy, (await healthChecks.CheckHealthAsync().WaitAsync(Calls.Timeout)).Status);

        try
        {
            await host.App.StopAsync().WaitAsync(Calls.Timeout);

            Assert.Equal(HealthStatus.Unhealthy, (await healthChecks.CheckHealthAsync().WaitAsync(Calls.Timeout)).Status);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Gateway_ListensOnHttp2Only_RefusesHttp11()
    {
        using var http11 = new HttpClient { BaseAddress = fixture.Host.Address, DefaultRequestVersion = System.Net.HttpVersion.Version11, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var http2 = new HttpClient { BaseAddress = fixture.Host.Address, DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var refused = await http11.GetAsync(new Uri("/", UriKind.Relative)).WaitAsync(Calls.Timeout);
        using var served = await http2.GetAsync(new Uri("/", UriKind.Relative)).WaitAsync(Calls.Timeout);

        // Kestrel answers an HTTP/1.x request on an HTTP/2-only endpoint with 400; over h2c the
        // same request reaches routing and finds no endpoint (404).
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, served.StatusCode);
        Assert.Equal(System.Net.HttpVersion.Version20, served.Version);
    }
}
