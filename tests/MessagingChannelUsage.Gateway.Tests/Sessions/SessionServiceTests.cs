using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Tests.Sessions;

/// <summary>MessagingSessionService over the store, and its effect on routing.</summary>
public abstract class SessionServiceTests(GatewayFixture fixture)
{
    private readonly MessageRouter.MessageRouterClient router = fixture.Router;

    [Fact]
    public async Task UpdateSessionStatus_ToEnded_ClearsTheOpenSessionSoTheNextInboundOpensANewOne()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();
        var first = await router.InboundAsync(channel.Id, key, "hello");

        var ended = await fixture.Sessions.UpdateSessionStatusAsync(
            new UpdateSessionStatusRequest { Id = first.SessionId, Status = SessionStatus.Ended, EndReason = "Resolved" }, Calls.Options);
        var next = await router.InboundAsync(channel.Id, key, "one more thing");

        Assert.Equal(SessionStatus.Ended, ended.Status);
        Assert.Equal("Resolved", ended.EndReason);
        Assert.NotNull(ended.EndTime);
        Assert.Equal(RoutingReason.ServiceOnly, next.Reason);
        Assert.NotEmpty(next.SessionId);
        Assert.NotEqual(first.SessionId, next.SessionId);
        Assert.Equal(first.EndUserId, next.EndUserId);
    }

    [Fact]
    public async Task UpdateSessionStatus_ToActive_KeepsTheSessionOpenForRouting()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();
        var first = await router.InboundAsync(channel.Id, key, "hello");

        var active = await fixture.Sessions.UpdateSessionStatusAsync(
            new UpdateSessionStatusRequest { Id = first.SessionId, Status = SessionStatus.Active }, Calls.Options);
        var next = await router.InboundAsync(channel.Id, key, "still there?");

        Assert.Equal(SessionStatus.Active, active.Status);
        Assert.Equal(first.SessionId, next.SessionId);
    }

    [Fact]
    public async Task ListSessions_OpenOnly_LeavesOutEndedSessions()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();
        var first = await router.InboundAsync(channel.Id, key, "hello");
        await fixture.Sessions.UpdateSessionStatusAsync(new UpdateSessionStatusRequest { Id = first.SessionId, Status = SessionStatus.Ended }, Calls.Options);
        var second = await router.InboundAsync(channel.Id, key, "hello again");

        var all = await fixture.Sessions.ListSessionsAsync(new ListSessionsRequest { ChannelId = channel.Id }, Calls.Options);
        var open = await fixture.Sessions.ListSessionsAsync(new ListSessionsRequest { ChannelId = channel.Id, OpenOnly = true }, Calls.Options);
        var ended = await fixture.Sessions.ListSessionsAsync(
            new ListSessionsRequest { ChannelId = channel.Id, Statuses = { SessionStatus.Ended } }, Calls.Options);

        Assert.Equal(2, all.Sessions.Count);
        Assert.Equal(second.SessionId, Assert.Single(open.Sessions).Id);
        Assert.Equal(first.SessionId, Assert.Single(ended.Sessions).Id);
    }

    [Fact]
    public async Task ListSessions_ByEndUser_ReturnsOnlyThatEndUsersSessions()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var mine = await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "hello");
        await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "hello");

        var page = await fixture.Sessions.ListSessionsAsync(
            new ListSessionsRequest { ChannelId = channel.Id, EndUserId = mine.EndUserId }, Calls.Options);

        Assert.Equal(mine.SessionId, Assert.Single(page.Sessions).Id);
    }
}
