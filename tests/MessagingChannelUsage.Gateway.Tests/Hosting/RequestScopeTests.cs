using System.Collections.Concurrent;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace MessagingChannelUsage.Gateway.Tests.Hosting;

/// <summary>
/// The unary routing RPCs resolve from the root container, without a request scope (issue 12: the
/// scope was ~10 % of a routed message's bytes), unless authentication is configured (its services
/// are scoped, per request); every other RPC keeps its scope.
/// </summary>
public sealed class RequestScopeTests
{
    [Fact]
    public async Task Without_authentication_a_routed_message_resolves_from_the_root_container_and_an_object_API_call_from_a_scope()
    {
        var probe = new ScopeProbe();
        await using var host = await GatewayHost.StartAsync(configureServices: services => probe.Register(services));
        var channel = await new TestChannels(host.Services).ServiceOnlyAsync();
        probe.Root = host.Services;

        var router = host.CreateClient<MessageRouter.MessageRouterClient>();
        await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "where is my order");
        await router.OutboundAsync(channel.Id, TestChannel.NewPlatformKey(), Handler.OmniChannel);
        await host.CreateClient<MessagingChannelService.MessagingChannelServiceClient>()
            .GetChannelAsync(new GetChannelRequest { Id = channel.Id }, Calls.Options);

        Assert.True(probe.FromRoot["RouteInbound"], "RouteInbound had a request scope");
        Assert.True(probe.FromRoot["RouteOutbound"], "RouteOutbound had a request scope");
        Assert.False(probe.FromRoot["GetChannel"], "GetChannel resolved from the root container");
    }

    [Fact]
    public async Task With_bearer_tokens_a_routed_message_keeps_its_request_scope_and_is_answered()
    {
        using var tokens = new TestTokenIssuer();
        var settings = tokens.GatewaySettings();
        settings["Security:Limits:RoutingPerSecond"] = "0";
        var probe = new ScopeProbe();
        await using var host = await GatewayHost.StartAsync(settings, services => probe.Register(services));
        var channel = await new TestChannels(host.Services).ServiceOnlyAsync();
        probe.Root = host.Services;
        var bearer = new Metadata { { "authorization", "Bearer " + tokens.Mint("connector-1", "messaging.route") } };

        var decision = await host.CreateClient<MessageRouter.MessageRouterClient>()
            .RouteInboundAsync(Messages.Inbound(channel.Id, TestChannel.NewPlatformKey(), "where is my order"), bearer, Calls.Deadline);

        Assert.Equal(Handler.OmniChannel, decision.Handler);
        Assert.False(probe.FromRoot["RouteInbound"], "RouteInbound resolved from the root container with authentication on");
    }

    /// <summary>An interceptor that notes, per method, whether the call's RequestServices is the root container.</summary>
    private sealed class ScopeProbe : Interceptor
    {
        public ConcurrentDictionary<string, bool> FromRoot { get; } = new();

        public IServiceProvider? Root { get; set; }

        public void Register(IServiceCollection services)
        {
            services.AddSingleton(this);
            services.Configure<GrpcServiceOptions>(grpc => grpc.Interceptors.Add<ScopeProbe>());
        }

        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
            TRequest request,
            ServerCallContext context,
            UnaryServerMethod<TRequest, TResponse> continuation)
        {
            var method = context.Method[(context.Method.LastIndexOf('/') + 1)..];
            FromRoot[method] = ReferenceEquals(context.GetHttpContext().RequestServices, Root);
            return continuation(request, context);
        }
    }
}
