using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;
using Domain = MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Tests.Routing;

/// <summary>The outbound routing table of domain.md §4.4, driven through gRPC.</summary>
public abstract class OutboundRoutingTests(GatewayFixture fixture)
{
    private readonly MessageRouter.MessageRouterClient router = fixture.Router;

    [Fact]
    public async Task RouteOutbound_UnknownChannel_ReturnsNoneChannelNotFound()
    {
        var decision = await router.OutboundAsync(SalesforceId.NewId(KeyPrefixes.MessagingChannel), TestChannel.NewPlatformKey(), Handler.OmniChannel);

        Assert.Equal((Handler.None, RoutingReason.ChannelNotFound), (decision.Handler, decision.Reason));
    }

    [Fact]
    public async Task RouteOutbound_EndUserNeverInContact_IsRefusedForMissingConsent()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();

        var decision = await router.OutboundAsync(channel.Id, TestChannel.NewPlatformKey(), Handler.OmniChannel);

        Assert.Equal((Handler.None, RoutingReason.ConsentRequired), (decision.Handler, decision.Reason));
        Assert.Empty(decision.SessionId);
    }

    [Fact]
    public async Task RouteOutbound_AgentWithoutOpenSession_OpensAnAgentInitiatedSession()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();
        var optIn = await router.InboundAsync(channel.Id, key, "START");
        Assert.Empty(optIn.SessionId);

        var decision = await router.OutboundAsync(channel.Id, key, Handler.OmniChannel);

        Assert.Equal((Handler.OmniChannel, RoutingReason.SenderAllowed), (decision.Handler, decision.Reason));
        Assert.Equal(channel.UsageIds[Domain.DeploymentType.Conversation], decision.UsageId);
        var session = await fixture.Sessions.GetSessionAsync(new GetSessionRequest { Id = decision.SessionId }, Calls.Options);
        Assert.Equal(SessionOrigin.AgentInitiated, session.Origin);
        Assert.Equal(SessionStatus.New, session.Status);

        var again = await router.OutboundAsync(channel.Id, key, Handler.OmniChannel);
        Assert.Equal((RoutingReason.ActiveServiceSession, decision.SessionId), (again.Reason, again.SessionId));
    }

    [Fact]
    public async Task RouteOutbound_JourneyBuilderWhileSessionIsOpen_GoesToOmniChannel()
    {
        var channel = await fixture.Channels.BothActiveAsync(Domain.RoutingOverride.MJKeywordsOnly);
        var key = TestChannel.NewPlatformKey();
        var inbound = await router.InboundAsync(channel.Id, key, "hello");

        var decision = await router.OutboundAsync(channel.Id, key, Handler.JourneyBuilder);

        Assert.Equal((Handler.OmniChannel, RoutingReason.ActiveServiceSession), (decision.Handler, decision.Reason));
        Assert.Equal(inbound.SessionId, decision.SessionId);
    }

    [Fact]
    public async Task RouteOutbound_JourneyBuilderWithoutSession_IsAllowedAndOpensNoSession()
    {
        var channel = await fixture.Channels.BothActiveAsync(Domain.RoutingOverride.MJKeywordsOnly);
        var key = TestChannel.NewPlatformKey();
        await router.InboundAsync(channel.Id, key, "JOIN");

        var decision = await router.OutboundAsync(channel.Id, key, Handler.JourneyBuilder);

        Assert.Equal((Handler.JourneyBuilder, RoutingReason.SenderAllowed), (decision.Handler, decision.Reason));
        Assert.Equal(channel.UsageIds[Domain.DeploymentType.MJ], decision.UsageId);
        Assert.Empty(decision.SessionId);
    }

    [Fact]
    public async Task RouteOutbound_SenderUsageNotActive_ReturnsUsageNotActive()
    {
        var channel = await fixture.Channels.MarketingOnlyAsync();
        var key = TestChannel.NewPlatformKey();
        await router.InboundAsync(channel.Id, key, "hi");

        var decision = await router.OutboundAsync(channel.Id, key, Handler.OmniChannel);

        Assert.Equal((Handler.None, RoutingReason.UsageNotActive), (decision.Handler, decision.Reason));
    }

    [Fact]
    public async Task RouteOutbound_ExplicitOptInUsageAndImplicitConsent_ReturnsConsentRequired()
    {
        var channel = await fixture.Channels.MarketingOnlyAsync(Domain.ConsentType.ExplicitOptIn);
        var key = TestChannel.NewPlatformKey();
        await router.InboundAsync(channel.Id, key, "hi");

        var refused = await router.OutboundAsync(channel.Id, key, Handler.JourneyBuilder);
        await router.InboundAsync(channel.Id, key, "start");
        var allowed = await router.OutboundAsync(channel.Id, key, Handler.JourneyBuilder);

        Assert.Equal((Handler.None, RoutingReason.ConsentRequired), (refused.Handler, refused.Reason));
        Assert.Equal((Handler.JourneyBuilder, RoutingReason.SenderAllowed), (allowed.Handler, allowed.Reason));
        Assert.Equal(ConsentStatus.ExplicitlyOptedIn, allowed.ConsentStatus);
    }
}
