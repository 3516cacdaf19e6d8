using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Tests.Routing;

/// <summary>domain.md §4.5: the same (channel, message_id) is answered once, then replayed.</summary>
public abstract class IdempotencyTests(GatewayFixture fixture)
{
    private readonly MessageRouter.MessageRouterClient router = fixture.Router;

    [Fact]
    public async Task RouteInbound_SameMessageIdTwice_ReplaysTheFirstDecisionWithoutSecondSession()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();

        var first = await router.InboundAsync(channel.Id, key, "hello", messageId: "wamid-1");
        var second = await router.InboundAsync(channel.Id, key, "hello", messageId: "wamid-1");

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal("wamid-1", second.MessageId);
        var expected = first.Clone();
        expected.Replayed = true;
        Assert.Equal(expected, second);
        var sessions = await fixture.Sessions.ListSessionsAsync(new ListSessionsRequest { ChannelId = channel.Id }, Calls.Options);
        Assert.Single(sessions.Sessions);
    }

    [Fact]
    public async Task RouteInbound_ReplayedOptOut_DoesNotChangeConsentAgain()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();
        var stop = await router.InboundAsync(channel.Id, key, "STOP", messageId: "m-stop");
        await router.InboundAsync(channel.Id, key, "START", messageId: "m-start");

        var replay = await router.InboundAsync(channel.Id, key, "STOP", messageId: "m-stop");

        Assert.True(replay.Replayed);
        Assert.Equal(stop.Reason, replay.Reason);
        Assert.Equal(ConsentStatus.OptedOut, replay.ConsentStatus);
        var endUser = await fixture.EndUsers.GetEndUserAsync(new GetEndUserRequest { ChannelId = channel.Id, PlatformKey = key }, Calls.Options);
        Assert.Equal(ConsentStatus.ExplicitlyOptedIn, endUser.ConsentStatus);
    }

    [Fact]
    public async Task RouteOutbound_SameMessageIdTwice_OpensOneSession()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();
        await router.InboundAsync(channel.Id, key, "START");

        var first = await router.OutboundAsync(channel.Id, key, Handler.OmniChannel, messageId: "out-1");
        var second = await router.OutboundAsync(channel.Id, key, Handler.OmniChannel, messageId: "out-1");

        Assert.Equal(RoutingReason.SenderAllowed, second.Reason);
        Assert.True(second.Replayed);
        Assert.Equal(first.SessionId, second.SessionId);
        var sessions = await fixture.Sessions.ListSessionsAsync(new ListSessionsRequest { ChannelId = channel.Id }, Calls.Options);
        Assert.Single(sessions.Sessions);
    }

    [Fact]
    public async Task RouteInbound_SameMessageIdOnAnotherChannel_IsNotAReplay()
    {
        var one = await fixture.Channels.ServiceOnlyAsync();
        var other = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();

        await router.InboundAsync(one.Id, key, "hello", messageId: "shared-id");
        var decision = await router.InboundAsync(other.Id, key, "hello", messageId: "shared-id");

        Assert.False(decision.Replayed);
    }
}
