using MessagingChannelUsage.Gateway.Routing;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MessagingChannelUsage.Gateway.Tests.Application;

/// <summary>
/// The engine's answer to a lost conditional write: re-decide on the state the store returned,
/// a bounded number of times. The real in-memory store, with a decorator that makes writes lose.
/// </summary>
public sealed class RoutingEngineConflictTests : IAsyncDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddLogging().AddMemoryStore().BuildServiceProvider();

    [Fact]
    public async Task RouteInbound_WriteLosesOnce_ReDecidesOnTheNewStateAndSucceeds()
    {
        var channel = await new TestChannels(services).ServiceOnlyAsync();
        var endUsers = new LosingEndUserStore(services.GetRequiredService<IEndUserStore>(), losses: 1);

        var routed = await Engine(endUsers).RouteInboundAsync(new InboundRequest(null, channel.Id, "+15550100", "hello"), CancellationToken.None).WithTimeout();

        Assert.Equal(2, endUsers.Attempts);
        Assert.Equal(RoutingReason.ServiceOnly, routed.Reason);
        Assert.NotNull(routed.SessionId);
    }

    [Fact]
    public async Task RouteInbound_WriteKeepsLosing_GivesUpAfterThreeAttemptsWithAborted()
    {
        var channel = await new TestChannels(services).ServiceOnlyAsync();
        var endUsers = new LosingEndUserStore(services.GetRequiredService<IEndUserStore>(), losses: int.MaxValue);

        var exception = await Assert.ThrowsAsync<DomainException>(
            () => Engine(endUsers).RouteInboundAsync(new InboundRequest(null, channel.Id, "+15550101", "hello"), CancellationToken.None).WithTimeout());

        Assert.Equal(RoutingEngine.MaxApplyAttempts, endUsers.Attempts);
        Assert.Equal((ErrorKind.Aborted, RoutingEngine.UnableToLockRow), (exception.Kind, exception.Code));
        var state = await services.GetRequiredService<IEndUserStore>().GetStateAsync(channel.Id, "+15550101", CancellationToken.None).WithTimeout();
        Assert.False(state.Exists);
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();

    private RoutingEngine Engine(IEndUserStore endUsers) => new(
        services.GetRequiredService<IChannelSnapshotSource>(),
        endUsers,
        new DecisionReplay(services.GetRequiredService<IIdempotencyStore>()),
        TimeProvider.System,
        NullLogger<RoutingEngine>.Instance);

    /// <summary>Reports the first <c>losses</c> conditional writes as lost to a concurrent writer (nothing written).</summary>
    private sealed class LosingEndUserStore(IEndUserStore inner, int losses) : IEndUserStore
    {
        public int Attempts { get; private set; }

        public Task<EndUserState> GetStateAsync(string channelId, string platformKey, CancellationToken cancellationToken)
            => inner.GetStateAsync(channelId, platformKey, cancellationToken);

        public async Task<ApplyResult> ApplyAsync(
            string channelId, string platformKey, EndUserState? expected, EndUserEffects effects, DateTimeOffset now, CancellationToken cancellationToken)
        {
            Attempts++;
            return Attempts <= losses
                ? new ApplyResult(false, await inner.GetStateAsync(channelId, platformKey, cancellationToken))
                : await inner.ApplyAsync(channelId, platformKey, expected, effects, now, cancellationToken);
        }

        public Task<MessagingEndUser?> GetAsync(string channelId, string platformKey, CancellationToken cancellationToken)
            => inner.GetAsync(channelId, platformKey, cancellationToken);
    }
}
