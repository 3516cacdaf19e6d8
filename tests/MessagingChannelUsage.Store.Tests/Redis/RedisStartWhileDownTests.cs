using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.TestSupport;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Redis;

/// <summary>abortConnect=false: the store starts while Redis is down and works once Redis comes up.</summary>
public sealed class RedisStartWhileDownTests
{
    [Fact]
    public async Task StoreStartedBeforeRedis_FailsWithUnavailable_ThenWorksAndHearsChangesOnceRedisIsUp()
    {
        var server = await RedisServer.StartAsync();
        await using var _ = server;
        await server.StopAsync();
        var options = RedisTestStores.Options(server.Endpoint);
        await using var store = await RedisTestStores.StartAsync(options);
        var error = await Assert.ThrowsAsync<DomainException>(() => store.Channels.GetAsync("0Mj000000000001AAA", CancellationToken.None)).WithTimeout();
        Assert.Equal(ErrorKind.Unavailable, error.Kind);

        await server.StartAgainAsync().WithTimeout();

        var channel = Channel();
        Assert.True(await TaskTimeouts.EventuallyAsync(async () =>
        {
            try
            {
                await store.Channels.InsertAsync(channel, CancellationToken.None);
                return true;
            }
            catch (DomainException e) when (e.Kind == ErrorKind.Unavailable)
            {
                return false;
            }
        }));
        await using var other = await RedisTestStores.StartAsync(options);
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = store.Changes.Subscribe(change =>
        {
            if (change.ChannelId == channel.Id && change.Version > 1)
            {
                heard.TrySetResult();
            }
        });
        await other.Channels.ReplaceAsync(channel with { SystemModstamp = T0.AddSeconds(1) }, T0, CancellationToken.None).WithTimeout();
        await heard.Task.WithTimeout();
    }
}
