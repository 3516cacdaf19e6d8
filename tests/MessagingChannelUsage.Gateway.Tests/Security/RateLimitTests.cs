using Google.Rpc;
using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>Per-caller limits: RESOURCE_EXHAUSTED with RetryInfo, routing and admin apart, one caller not starving another.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task ACallerOverItsAdminRate_GetsResourceExhaustedWithRetryInfo_WhileRoutingGoesOn()
    {
        using var tokens = new TestTokenIssuer();
        var settings = tokens.GatewaySettings();
        settings["Store:Kind"] = "Memory";
        settings["Security:Limits:AdminPerSecond"] = "1";
        await using var host = await GatewayHost.StartAsync(settings);
        var noisy = SecuredGatewayFixture.Bearer(tokens.Mint("noisy", SecuredGatewayFixture.AllScopes));
        var quiet = SecuredGatewayFixture.Bearer(tokens.Mint("quiet", SecuredGatewayFixture.AllScopes));
        var usages = host.CreateClient<MessagingChannelUsageService.MessagingChannelUsageServiceClient>();
        var describe = new DescribeSObjectRequest { Name = "MessagingChannelUsage" };

        // One token per second: among a quick run of calls one is refused (unless every call took over a second).
        RpcException? refused = null;
        for (var attempt = 0; attempt < 20 && refused is null; attempt++)
        {
            try
            {
                await usages.DescribeSObjectAsync(describe, noisy, Calls.Deadline);
            }
            catch (RpcException exception)
            {
                refused = exception;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        var status = refused.GetRpcStatus();
        Assert.Equal(ErrorCodes.RequestLimitExceeded, status?.GetDetail<ErrorInfo>()?.Reason);
        var retry = status?.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        Assert.True(retry.RetryDelay.ToTimeSpan() > TimeSpan.Zero);

        // Another caller has its own bucket; routing is limited apart from admin calls.
        var other = await usages.DescribeSObjectAsync(describe, quiet, Calls.Deadline);
        Assert.Equal("MessagingChannelUsage", other.Name);
        var channel = await new TestChannels(host.Services).ServiceOnlyAsync();
        var decision = await host.CreateClient<MessageRouter.MessageRouterClient>()
            .RouteInboundAsync(Messages.Inbound(channel.Id, TestChannel.NewPlatformKey(), "hello"), noisy, Calls.Deadline);
        Assert.Equal(Handler.OmniChannel, decision.Handler);
    }

    [Fact]
    public async Task HealthIsNeverLimited()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Store:Kind"] = "Memory",
            ["Security:Limits:AdminPerSecond"] = "1",
        });
        var health = host.CreateClient<Grpc.Health.V1.Health.HealthClient>();
        for (var i = 0; i < 5; i++)
        {
            var response = await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), deadline: Calls.Deadline);
            Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
        }
    }
}
