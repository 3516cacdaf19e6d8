using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Tests.Routing;

/// <summary>Racing first messages of one end user: the conditional write and re-decide keep one session.</summary>
public abstract class ConcurrencyTests(GatewayFixture fixture)
{
    [Fact]
    public async Task RouteInbound_ConcurrentFirstMessagesOfOneEndUser_OpenExactlyOneSession()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();
        var router = fixture.Router;

        var decisions = await Task.WhenAll(Enumerable.Range(0, 32)
            .Select(i => router.InboundAsync(channel.Id, key, $"message {i}"))).WaitAsync(Calls.Timeout);

        Assert.Single(decisions.Select(d => d.SessionId).Distinct());
        Assert.Single(decisions.Select(d => d.EndUserId).Distinct());
        Assert.All(decisions, d => Assert.Equal(ConsentStatus.ImplicitlyOptedIn, d.ConsentStatus));
        var sessions = await fixture.Sessions.ListSessionsAsync(new ListSessionsRequest { ChannelId = channel.Id }, Calls.Options);
        Assert.Single(sessions.Sessions);
    }
}
