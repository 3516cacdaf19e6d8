using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.Store.Tests.Redis;
using MessagingChannelUsage.TestSupport;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Reliability;

/// <summary>A Redis that stalls or goes away, and callers that give up (its own server: others must stay up).</summary>
public sealed class RedisStallTests : IAsyncLifetime
{
    private RedisServer? server;
    private RedisStore? store;

    private RedisServer Server => server!;

    private RedisStore Store => store!;

    public async Task InitializeAsync()
    {
        server = await RedisServer.StartAsync();
        store = await RedisTestStores.StartAsync(RedisTestStores.Options(Server.Endpoint));
    }

    public async Task DisposeAsync()
    {
        if (Server.IsRunning)
        {
            await Server.CliAsync("CLIENT", "UNPAUSE");
        }

        await Store.DisposeAsync();
        await Server.DisposeAsync();
    }

    [Fact]
    public async Task APausedRedis_EndsTheWaitWhenTheCallerGivesUp_InsteadOfAtTheRedisTimeout()
    {
        var channel = Channel();
        await Store.Channels.InsertAsync(channel, CancellationToken.None).WithTimeout();
        await Server.CliAsync("CLIENT", "PAUSE", "10000", "ALL");
        using var caller = new CancellationTokenSource();

        var read = Store.EndUsers.GetStateAsync(channel.Id, "k", caller.Token);
        await caller.CancelAsync();

        // Without stopping the wait, this ends in a Redis timeout (DomainException Unavailable).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read).WithTimeout();
    }

    [Fact]
    public async Task ACallerThatAlreadyGaveUp_SendsNoSideEffect()
    {
        var channel = Channel();
        await Store.Channels.InsertAsync(channel, CancellationToken.None).WithTimeout();
        using var caller = new CancellationTokenSource();
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Store.EndUsers.ApplyAsync(channel.Id, "k", null, new EndUserEffects(ConsentStatus.OptedOut, null), T0, caller.Token)).WithTimeout();

        Assert.Equal(EndUserState.Unknown, await Store.EndUsers.GetStateAsync(channel.Id, "k", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task AStoppedRedis_FailsWithAShortMessage_WithoutTheRedisClientsInternals()
    {
        var channel = Channel();
        await Store.Channels.InsertAsync(channel, CancellationToken.None).WithTimeout();
        await Server.StopAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() => Store.EndUsers.GetStateAsync(channel.Id, "k", CancellationToken.None)).WithTimeout();

        Assert.Equal(ErrorCodes.StoreUnavailable, error.Code);
        Assert.Matches(@"^The store is unavailable \(reading an end user: (not connected|timed out)\); retry later\.$", error.Errors[0].Message);
    }
}
