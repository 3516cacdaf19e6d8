using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Gateway.Tests.Routing;

/// <summary>
/// domain.md §4.5 on Redis: the record the Apply script kept with the effects (issue 12) outlives
/// the gateway that wrote it. A connector retries after a restart (or against another instance);
/// the new process replays the first answer and opens no second session.
/// </summary>
public sealed class IdempotencyAcrossRestartTests
{
    [Fact]
    public async Task AMessageRoutedBeforeARestart_IsReplayedByTheNextGatewayProcess()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Store:Kind"] = "Redis",
            ["Store:RedisConnectionString"] = redis.Endpoint,
        };
        var key = TestChannel.NewPlatformKey();
        TestChannel channel;
        RoutingDecision first;
        await using (var before = await GatewayHost.StartAsync(settings))
        {
            channel = await new TestChannels(before.Services).ServiceOnlyAsync();
            first = await before.CreateClient<MessageRouter.MessageRouterClient>().InboundAsync(channel.Id, key, "hello", messageId: "wamid-restart");
        }

        await using var after = await GatewayHost.StartAsync(settings);
        var replay = await after.CreateClient<MessageRouter.MessageRouterClient>().InboundAsync(channel.Id, key, "hello", messageId: "wamid-restart");

        Assert.False(first.Replayed);
        Assert.NotEmpty(first.SessionId);
        Assert.NotEmpty(first.EndUserId);
        var expected = first.Clone();
        expected.Replayed = true;
        Assert.Equal(expected, replay);
        var sessions = await after.CreateClient<MessagingSessionService.MessagingSessionServiceClient>()
            .ListSessionsAsync(new ListSessionsRequest { ChannelId = channel.Id }, Calls.Options);
        Assert.Single(sessions.Sessions);
    }
}
