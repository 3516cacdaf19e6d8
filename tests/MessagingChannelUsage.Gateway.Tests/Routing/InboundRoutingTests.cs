using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;
using Domain = MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Tests.Routing;

/// <summary>The inbound routing table of domain.md §4.1, driven through gRPC.</summary>
public abstract class InboundRoutingTests(GatewayFixture fixture)
{
    private readonly MessageRouter.MessageRouterClient router = fixture.Router;

    [Fact]
    public async Task RouteInbound_UnknownChannel_ReturnsNoneChannelNotFound()
    {
        var decision = await router.InboundAsync(SalesforceId.NewId(KeyPrefixes.MessagingChannel), TestChannel.NewPlatformKey(), "hi");

        Assert.Equal(Handler.None, decision.Handler);
        Assert.Equal(RoutingReason.ChannelNotFound, decision.Reason);
        Assert.Empty(decision.SessionId);
    }

    [Fact]
    public async Task RouteInbound_ServiceOnlyChannel_GoesToOmniChannelAndOpensSession()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();

        var decision = await router.InboundAsync(channel.Id, key, "my order is late");

        Assert.Equal(Handler.OmniChannel, decision.Handler);
        Assert.Equal(RoutingReason.ServiceOnly, decision.Reason);
        Assert.Equal(channel.UsageIds[Domain.DeploymentType.Conversation], decision.UsageId);
        Assert.StartsWith(KeyPrefixes.MessagingSession, decision.SessionId, StringComparison.Ordinal);
        Assert.StartsWith(KeyPrefixes.MessagingEndUser, decision.EndUserId, StringComparison.Ordinal);
        Assert.Equal(ConsentStatus.ImplicitlyOptedIn, decision.ConsentStatus);
        var session = await fixture.Sessions.GetSessionAsync(new GetSessionRequest { Id = decision.SessionId }, Calls.Options);
        Assert.Equal(SessionStatus.New, session.Status);
        Assert.Equal(SessionOrigin.InboundInitiated, session.Origin);
        Assert.Equal(decision.EndUserId, session.MessagingEndUserId);
    }

    [Fact]
    public async Task RouteInbound_SecondMessageToOmniChannel_ReturnsTheSameSession()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();

        var first = await router.InboundAsync(channel.Id, key, "hello");
        var second = await router.InboundAsync(channel.Id, key, "anyone there?");

        Assert.Equal(first.SessionId, second.SessionId);
        Assert.Equal(first.EndUserId, second.EndUserId);
        var sessions = await fixture.Sessions.ListSessionsAsync(new ListSessionsRequest { ChannelId = channel.Id }, Calls.Options);
        Assert.Single(sessions.Sessions);
    }

    [Fact]
    public async Task RouteInbound_NoActiveUsage_ReturnsNoneAndOpensNoSession()
    {
        var channel = await fixture.Channels.CreateAsync(
            Domain.ChannelKind.Unified,
            new TestUsage(Domain.DeploymentType.Conversation, Domain.DeploymentStatus.Disabled),
            new TestUsage(Domain.DeploymentType.MJ, Domain.DeploymentStatus.New));

        var decision = await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "hello");

        Assert.Equal(Handler.None, decision.Handler);
        Assert.Equal(RoutingReason.NoActiveUsage, decision.Reason);
        Assert.Empty(decision.SessionId);
        var sessions = await fixture.Sessions.ListSessionsAsync(new ListSessionsRequest { ChannelId = channel.Id }, Calls.Options);
        Assert.Empty(sessions.Sessions);
    }

    [Fact]
    public async Task RouteInbound_OptOutKeywordWithNoActiveUsage_StillOptsOut()
    {
        var channel = await fixture.Channels.CreateAsync(
            Domain.ChannelKind.Enhanced, new TestUsage(Domain.DeploymentType.Conversation, Domain.DeploymentStatus.Disabled));
        var key = TestChannel.NewPlatformKey();

        var decision = await router.InboundAsync(channel.Id, key, "stop!");

        Assert.Equal(Handler.None, decision.Handler);
        Assert.Equal(RoutingReason.OptOutKeyword, decision.Reason);
        Assert.Equal("STOP", decision.MatchedKeyword);
        Assert.Equal(TestChannels.OptOutConfirmation, decision.ReplyText);
        Assert.Equal(ConsentStatus.OptedOut, decision.ConsentStatus);
        var endUser = await fixture.EndUsers.GetEndUserAsync(new GetEndUserRequest { ChannelId = channel.Id, PlatformKey = key }, Calls.Options);
        Assert.Equal(ConsentStatus.OptedOut, endUser.ConsentStatus);
    }

    [Fact]
    public async Task An_opted_out_end_user_writing_to_a_channel_with_no_active_usage_is_reported_as_opted_out()
    {
        var channel = await fixture.Channels.CreateAsync(
            Domain.ChannelKind.Enhanced, new TestUsage(Domain.DeploymentType.Conversation, Domain.DeploymentStatus.Disabled));
        var key = TestChannel.NewPlatformKey();
        await router.InboundAsync(channel.Id, key, "stop!");

        var decision = await router.InboundAsync(channel.Id, key, "hello again");

        // domain.md §4.4a: the stored consent, never "never in contact", also when nothing is active.
        Assert.Equal(RoutingReason.NoActiveUsage, decision.Reason);
        Assert.Equal(ConsentStatus.OptedOut, decision.ConsentStatus);
    }

    [Fact]
    public async Task RouteInbound_HelpKeyword_RepliesWithHelpResponseAndRoutesNowhere()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();

        var decision = await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "help");

        Assert.Equal(Handler.None, decision.Handler);
        Assert.Equal(RoutingReason.HelpKeyword, decision.Reason);
        Assert.Equal(TestChannels.HelpResponse, decision.ReplyText);
        Assert.Empty(decision.SessionId);
    }

    [Fact]
    public async Task An_opted_out_end_user_asking_for_help_is_reported_as_opted_out()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();
        await router.InboundAsync(channel.Id, key, "STOP");

        var decision = await router.InboundAsync(channel.Id, key, "HELP");

        // domain.md §4.4a: HELP changes nothing and reports the consent as stored.
        Assert.Equal(RoutingReason.HelpKeyword, decision.Reason);
        Assert.Equal(ConsentStatus.OptedOut, decision.ConsentStatus);
        Assert.NotEmpty(decision.EndUserId);
    }

    [Fact]
    public async Task RouteInbound_MarketingOnly_GoesToJourneyBuilder()
    {
        var channel = await fixture.Channels.MarketingOnlyAsync();

        var decision = await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "what offers do you have");

        Assert.Equal(Handler.JourneyBuilder, decision.Handler);
        Assert.Equal(RoutingReason.MarketingOnly, decision.Reason);
        Assert.Equal(channel.UsageIds[Domain.DeploymentType.MJ], decision.UsageId);
        Assert.Empty(decision.SessionId);
        Assert.Equal(ConsentStatus.ImplicitlyOptedIn, decision.ConsentStatus);
    }

    [Fact]
    public async Task RouteInbound_KeywordsOnlyWithOrdinaryMessage_GoesToOmniChannel()
    {
        var channel = await fixture.Channels.BothActiveAsync(Domain.RoutingOverride.MJKeywordsOnly);

        var decision = await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "I need help with my bill");

        Assert.Equal(Handler.OmniChannel, decision.Handler);
        Assert.Equal(RoutingReason.NotAMarketingKeyword, decision.Reason);
        Assert.NotEmpty(decision.SessionId);
    }

    [Fact]
    public async Task RouteInbound_MarketingKeywordWithoutSession_GoesToJourneyBuilder()
    {
        var channel = await fixture.Channels.BothActiveAsync(Domain.RoutingOverride.MJKeywordsOnly);

        var decision = await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "join now");

        Assert.Equal(Handler.JourneyBuilder, decision.Handler);
        Assert.Equal(RoutingReason.MarketingKeyword, decision.Reason);
        Assert.Equal("JOIN", decision.MatchedKeyword);
        Assert.Equal(channel.UsageIds[Domain.DeploymentType.MJ], decision.UsageId);
    }

    [Fact]
    public async Task RouteInbound_MarketingKeywordWithOpenSession_GoesToOmniChannel()
    {
        var channel = await fixture.Channels.BothActiveAsync(Domain.RoutingOverride.MJKeywordsOnly);
        var key = TestChannel.NewPlatformKey();
        var opened = await router.InboundAsync(channel.Id, key, "hello");

        var decision = await router.InboundAsync(channel.Id, key, "JOIN");

        Assert.Equal(Handler.OmniChannel, decision.Handler);
        Assert.Equal(RoutingReason.ActiveServiceSession, decision.Reason);
        Assert.Equal(opened.SessionId, decision.SessionId);
    }

    [Fact]
    public async Task RouteInbound_NullOverride_BehavesAsKeywordsOnly()
    {
        var channel = await fixture.Channels.BothActiveAsync(routingOverride: null);

        var ordinary = await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "hello");
        var keyword = await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "JOIN");

        Assert.Equal((Handler.OmniChannel, RoutingReason.NotAMarketingKeyword), (ordinary.Handler, ordinary.Reason));
        Assert.Equal((Handler.JourneyBuilder, RoutingReason.MarketingKeyword), (keyword.Handler, keyword.Reason));
    }

    [Fact]
    public async Task RouteInbound_NonSessionMessagesWithoutSession_GoesToJourneyBuilder()
    {
        var channel = await fixture.Channels.BothActiveAsync(Domain.RoutingOverride.NonSessionMessages);

        var decision = await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "hello");

        Assert.Equal(Handler.JourneyBuilder, decision.Handler);
        Assert.Equal(RoutingReason.NoActiveServiceSession, decision.Reason);
        Assert.Empty(decision.SessionId);
    }

    [Fact]
    public async Task RouteInbound_NonSessionMessagesWithOpenSession_GoesToOmniChannel()
    {
        var channel = await fixture.Channels.BothActiveAsync(Domain.RoutingOverride.NonSessionMessages);
        var key = TestChannel.NewPlatformKey();
        // An agent opens the session (the customer's consent comes from their first message).
        await router.InboundAsync(channel.Id, key, "hello");
        var agent = await router.OutboundAsync(channel.Id, key, Handler.OmniChannel);
        Assert.Equal(RoutingReason.SenderAllowed, agent.Reason);

        var decision = await router.InboundAsync(channel.Id, key, "thanks, one more question");

        Assert.Equal(Handler.OmniChannel, decision.Handler);
        Assert.Equal(RoutingReason.ActiveServiceSession, decision.Reason);
        Assert.Equal(agent.SessionId, decision.SessionId);
    }
}
