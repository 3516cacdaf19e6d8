using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using Domain = MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Tests.Routing;

/// <summary>domain.md §9: a dry run is the same decision with no side effect of any kind.</summary>
[Collection(SharedGateway.Name)]
public sealed class DryRunTests(GatewayFixture fixture)
{
    private readonly MessageRouter.MessageRouterClient router = fixture.Router;

    [Fact]
    public async Task ADryRunFromANewEndUser_DecidesAsARealMessage_ButCreatesNoEndUserAndNoSession()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();

        var dry = await router.RouteInboundAsync(DryRun(channel.Id, key, "hello"), Calls.Options);

        Assert.True(dry.DryRun);
        Assert.Equal(Handler.OmniChannel, dry.Handler);
        Assert.Equal(RoutingReason.ServiceOnly, dry.Reason);
        Assert.Equal("inbound.6", dry.Rule);
        Assert.True(dry.ConfigVersion > 0);
        Assert.Equal(ConsentStatus.ImplicitlyOptedIn, dry.ConsentStatus);
        Assert.Empty(dry.SessionId);
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.EndUsers.GetEndUserAsync(
            new GetEndUserRequest { ChannelId = channel.Id, PlatformKey = key }, Calls.Options).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task ADryRunOptOut_LeavesConsentAsItWas_AndKeepsNoIdempotencyRecord()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();
        await router.InboundAsync(channel.Id, key, "hello");

        var dry = await router.RouteInboundAsync(DryRun(channel.Id, key, "STOP", messageId: "m-1"), Calls.Options);
        var real = await router.InboundAsync(channel.Id, key, "hello again", messageId: "m-1");

        Assert.Equal(RoutingReason.OptOutKeyword, dry.Reason);
        Assert.Equal(ConsentStatus.OptedOut, dry.ConsentStatus);
        Assert.False(real.Replayed);
        Assert.Equal(RoutingReason.ServiceOnly, real.Reason);
        Assert.Equal(ConsentStatus.ImplicitlyOptedIn, real.ConsentStatus);
        Assert.False(real.DryRun);
        Assert.Equal("inbound.6", real.Rule);
    }

    [Fact]
    public async Task ADryRunAgentMessage_OpensNoSession()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();
        await router.InboundAsync(channel.Id, key, "START");
        var sessionsBefore = await fixture.Sessions.ListSessionsAsync(new ListSessionsRequest { ChannelId = channel.Id }, Calls.Options);

        var message = Messages.Outbound(channel.Id, key, Handler.OmniChannel);
        message.DryRun = true;
        var dry = await router.RouteOutboundAsync(message, Calls.Options);

        Assert.Equal(Handler.OmniChannel, dry.Handler);
        Assert.Equal("outbound.6", dry.Rule);
        Assert.True(dry.DryRun);
        var sessionsAfter = await fixture.Sessions.ListSessionsAsync(new ListSessionsRequest { ChannelId = channel.Id }, Calls.Options);
        Assert.Equal(sessionsBefore.Sessions.Count, sessionsAfter.Sessions.Count);
    }

    internal static InboundMessage DryRun(string channelId, string key, string text, string? messageId = null)
    {
        var message = Messages.Inbound(channelId, key, text, messageId);
        message.DryRun = true;
        return message;
    }
}

/// <summary>On Redis: dry runs of every kind leave every key byte-identical (DUMP before = after).</summary>
public sealed class RedisDryRunTests(RedisGatewayFixture fixture) : IClassFixture<RedisGatewayFixture>
{
    [Fact]
    public async Task DryRunsOfEveryKind_LeaveEveryRedisKeyByteIdentical()
    {
        var router = fixture.Router;
        var channel = await fixture.Channels.BothActiveAsync(Domain.RoutingOverride.MJKeywordsOnly);
        var known = TestChannel.NewPlatformKey();
        await router.InboundAsync(channel.Id, known, "hello");
        var before = await RedisContents.DumpAllAsync(fixture.Redis.Endpoint);

        var fresh = TestChannel.NewPlatformKey();
        foreach (var (key, text) in new[] { (fresh, "hello"), (fresh, "JOIN"), (known, "STOP"), (known, "START"), (fresh, "HELP"), (known, "JOIN now") })
        {
            Assert.True((await router.RouteInboundAsync(DryRunTests.DryRun(channel.Id, key, text, messageId: "dry-" + text), Calls.Options)).DryRun);
        }

        foreach (var sender in new[] { Handler.OmniChannel, Handler.JourneyBuilder })
        {
            var message = Messages.Outbound(channel.Id, fresh, sender, messageId: "dry-out");
            message.DryRun = true;
            Assert.True((await router.RouteOutboundAsync(message, Calls.Options)).DryRun);
        }

        var after = await RedisContents.DumpAllAsync(fixture.Redis.Endpoint);
        Assert.NotEmpty(before);
        Assert.Equal(before, after);
    }
}
