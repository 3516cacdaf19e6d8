using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.TestSupport;
using Domain = MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Tests.Hosting;

/// <summary>The host runs the store's session reaper: disabling a Conversation usage ends its open sessions.</summary>
public sealed class SessionAutoEndTests
{
    [Fact]
    public async Task DisablingTheConversationUsage_EndsOpenSessionsAfterTheGrace()
    {
        await using var host = await GatewayHost.StartAsync(
        [
            new("Store:Kind", "Memory"),
            new("Store:SessionGrace", "00:00:00.050"),
            new("Store:ReaperInterval", "00:00:00.050"),
        ]);
        var channels = new TestChannels(host.Services);
        var channel = await channels.ServiceOnlyAsync();
        var router = host.CreateClient<MessageRouter.MessageRouterClient>();
        var sessions = host.CreateClient<MessagingSessionService.MessagingSessionServiceClient>();
        var opened = await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "hello");

        var usages = host.GetRequiredService<IUsageRepository>();
        var usage = await usages.GetAsync(channel.UsageIds[Domain.DeploymentType.Conversation], CancellationToken.None).WithTimeout();
        var now = DateTimeOffset.UtcNow;
        await usages.ReplaceAsync(
            usage! with { DeploymentStatus = Domain.DeploymentStatus.Disabled, DisabledTime = now, SystemModstamp = now, LastModifiedDate = now },
            usage.SystemModstamp,
            CancellationToken.None).WithTimeout();

        MessagingSession? session = null;
        var ended = await TaskTimeouts.Eventually(() =>
        {
            session = sessions.GetSession(new GetSessionRequest { Id = opened.SessionId }, Calls.Options);
            return session.Status == SessionStatus.Ended;
        });

        Assert.True(ended, $"the session is still {session?.Status}");
        Assert.Equal(Domain.MessagingSession.ChannelDisabledEndReason, session!.EndReason);
    }
}
