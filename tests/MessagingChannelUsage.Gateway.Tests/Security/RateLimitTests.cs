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
    public async Task RouteStreamItemsOfAnAnonymousCaller_TakeRoutingTokens_SoItsUnaryCallsWaitTheirTurn()
    {
        // Anonymous callers are limited by address too (docs/security.md), stream items included.
        // Ten tokens per second: a stream of 40 items uses up the bucket and then waits for each
        // new token (queued first, so a unary call finding no token is refused). Without per-item
        // tokens the stream would take one token in all and the unary calls would go through.
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Store:Kind"] = "Memory",
            ["Security:Limits:RoutingPerSecond"] = "10",
        });
        var channel = await new TestChannels(host.Services).ServiceOnlyAsync();
        var router = host.CreateClient<MessageRouter.MessageRouterClient>();

        using var call = router.RouteStream(deadline: Calls.Deadline);
        var writing = WriteItemsAsync(call.RequestStream, channel.Id, 40);
        var answers = 0;
        var unaryStatuses = new List<StatusCode>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            Assert.Equal(Handler.OmniChannel, call.ResponseStream.Current.Handler);
            if (++answers == 15)
            {
                // Past the bucket's ten: the stream now takes every token as it is added.
                for (var i = 0; i < 3; i++)
                {
                    unaryStatuses.Add(await UnaryStatusAsync(router, channel.Id));
                }
            }
        }

        await writing;
        Assert.Equal(40, answers);
        Assert.Contains(StatusCode.ResourceExhausted, unaryStatuses);
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

    private static async Task WriteItemsAsync(IClientStreamWriter<RouteRequest> requests, string channelId, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await requests.WriteAsync(new RouteRequest { Inbound = Messages.Inbound(channelId, TestChannel.NewPlatformKey(), "hello", $"s{i}") });
        }

        await requests.CompleteAsync();
    }

    private static async Task<StatusCode> UnaryStatusAsync(MessageRouter.MessageRouterClient router, string channelId)
    {
        try
        {
            await router.RouteInboundAsync(Messages.Inbound(channelId, TestChannel.NewPlatformKey(), "hello"), deadline: Calls.Deadline);
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }
}
