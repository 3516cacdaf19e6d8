using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using Domain = MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Tests.Routing;

/// <summary>Consent keywords of domain.md §4.2 across several messages of one end user.</summary>
public abstract class ConsentFlowTests(GatewayFixture fixture)
{
    private readonly MessageRouter.MessageRouterClient router = fixture.Router;

    [Fact]
    public async Task DoubleOptIn_StartThenYes_UnlocksOutboundOnlyAfterTheSecondStep()
    {
        var channel = await fixture.Channels.MarketingOnlyAsync(Domain.ConsentType.DoubleOptIn);
        var key = TestChannel.NewPlatformKey();

        var start = await router.InboundAsync(channel.Id, key, "START");
        var refused = await router.OutboundAsync(channel.Id, key, Handler.JourneyBuilder);
        var yes = await router.InboundAsync(channel.Id, key, "yes");
        var allowed = await router.OutboundAsync(channel.Id, key, Handler.JourneyBuilder);

        Assert.Equal((RoutingReason.OptInKeyword, ConsentStatus.ExplicitlyOptedIn), (start.Reason, start.ConsentStatus));
        Assert.Equal(TestChannels.DoubleOptInPrompt, start.ReplyText);
        Assert.Equal(RoutingReason.ConsentRequired, refused.Reason);
        Assert.Equal((RoutingReason.OptInKeyword, ConsentStatus.DoublyOptedIn), (yes.Reason, yes.ConsentStatus));
        Assert.Equal(TestChannels.OptInConfirmation, yes.ReplyText);
        Assert.Equal((Handler.JourneyBuilder, RoutingReason.SenderAllowed), (allowed.Handler, allowed.Reason));
    }

    [Fact]
    public async Task DoubleOptInKeyword_FromNeverContactedUser_IsAnOrdinaryMessage()
    {
        var channel = await fixture.Channels.MarketingOnlyAsync(Domain.ConsentType.DoubleOptIn);

        var decision = await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "YES");

        Assert.Equal((Handler.JourneyBuilder, RoutingReason.MarketingOnly), (decision.Handler, decision.Reason));
        Assert.Equal(ConsentStatus.ImplicitlyOptedIn, decision.ConsentStatus);
    }

    [Fact]
    public async Task OptOutThenOptIn_OnlyTheOptInKeywordUndoesTheOptOut()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();
        await router.InboundAsync(channel.Id, key, "hello");

        var stop = await router.InboundAsync(channel.Id, key, "Stop");
        var ordinary = await router.InboundAsync(channel.Id, key, "are you still there?");
        var blocked = await router.OutboundAsync(channel.Id, key, Handler.OmniChannel);
        var start = await router.InboundAsync(channel.Id, key, "start");
        var allowed = await router.OutboundAsync(channel.Id, key, Handler.OmniChannel);

        Assert.Equal((RoutingReason.OptOutKeyword, ConsentStatus.OptedOut), (stop.Reason, stop.ConsentStatus));
        Assert.Equal(ConsentStatus.OptedOut, ordinary.ConsentStatus);
        Assert.Equal((Handler.None, RoutingReason.OptedOut), (blocked.Handler, blocked.Reason));
        Assert.Equal((RoutingReason.OptInKeyword, ConsentStatus.ExplicitlyOptedIn), (start.Reason, start.ConsentStatus));
        Assert.Equal(TestChannels.OptInConfirmation, start.ReplyText);
        Assert.Equal(Handler.OmniChannel, allowed.Handler);
    }

    [Fact]
    public async Task GetEndUser_AfterOptIn_ReportsConsentPerUsageAndOpenSession()
    {
        var channel = await fixture.Channels.CreateAsync(
            Domain.ChannelKind.Unified,
            new TestUsage(Domain.DeploymentType.Conversation, Consent: Domain.ConsentType.ImplicitOptIn),
            new TestUsage(Domain.DeploymentType.MJ, Consent: Domain.ConsentType.DoubleOptIn, Override: Domain.RoutingOverride.MJKeywordsOnly));
        var key = TestChannel.NewPlatformKey();
        await router.InboundAsync(channel.Id, key, "START");
        var inbound = await router.InboundAsync(channel.Id, key, "hello");

        var endUser = await fixture.EndUsers.GetEndUserAsync(new GetEndUserRequest { ChannelId = channel.Id, PlatformKey = key }, Calls.Options);

        Assert.Equal(inbound.EndUserId, endUser.Id);
        Assert.Equal(key, endUser.MessagingPlatformKey);
        Assert.Equal(ConsentStatus.ExplicitlyOptedIn, endUser.ConsentStatus);
        Assert.Equal(inbound.SessionId, endUser.OpenSessionId);
        var byType = endUser.UsageConsent.ToDictionary(u => u.DeploymentType, u => u.IsFullyOptedIn);
        Assert.True(byType[DeploymentType.Conversation]);
        Assert.False(byType[DeploymentType.Mj]);
    }
}
