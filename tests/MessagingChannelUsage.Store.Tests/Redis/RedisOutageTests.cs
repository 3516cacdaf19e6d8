using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.TestSupport;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Redis;

/// <summary>A Redis that goes away and comes back (its own server: the shared one must stay up).</summary>
public sealed class RedisOutageTests : IAsyncLifetime
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
        await Store.DisposeAsync();
        await Server.DisposeAsync();
    }

    [Fact]
    public async Task RedisStopped_OperationsFailFastWithUnavailable_AndWorkAgainAfterARestartOnTheSamePort()
    {
        var channel = Channel();
        await Store.Channels.InsertAsync(channel, CancellationToken.None).WithTimeout();

        await Server.StopAsync();

        // FailFast: once the multiplexer knows the connection is gone, calls fail at once.
        // Right after the kill it may still find out through the failing call itself, so allow
        // a few attempts; every attempt must end in Unavailable (no hang: WithTimeout bounds it).
        var unavailable = await TaskTimeouts.EventuallyAsync(async () =>
        {
            var error = await Assert.ThrowsAsync<DomainException>(() => Store.EndUsers.GetStateAsync(channel.Id, "k", CancellationToken.None)).WithTimeout();
            Assert.Equal(ErrorKind.Unavailable, error.Kind);
            Assert.Equal(ErrorCodes.StoreUnavailable, error.Code);
            return !Store.Multiplexer.IsConnected;
        });
        Assert.True(unavailable);
        var applyError = await Assert.ThrowsAsync<DomainException>(() => Store.EndUsers.ApplyAsync(channel.Id, "k", null, new EndUserEffects(ConsentStatus.OptedOut, null), T0, CancellationToken.None)).WithTimeout();
        Assert.Equal(ErrorKind.Unavailable, applyError.Kind);
        var loadError = await Assert.ThrowsAsync<DomainException>(() => Store.States.LoadAsync(channel.Id, CancellationToken.None)).WithTimeout();
        Assert.Equal(ErrorKind.Unavailable, loadError.Kind);

        await Server.StartAgainAsync().WithTimeout();

        // The server came back empty (no persistence); the same store instance reconnects by itself.
        var works = await TaskTimeouts.EventuallyAsync(async () =>
        {
            try
            {
                await Store.Channels.InsertAsync(Channel(), CancellationToken.None);
                return true;
            }
            catch (DomainException e) when (e.Kind == ErrorKind.Unavailable)
            {
                return false;
            }
        });
        Assert.True(works);
    }
}
