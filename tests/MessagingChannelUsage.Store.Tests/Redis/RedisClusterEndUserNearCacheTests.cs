using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.TestSupport;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Redis;

/// <summary>
/// On a cluster each end user's write (and its PUBLISH) runs on its channel's node; every other
/// instance's end-user near cache must still hear it, whichever node it subscribed on.
/// </summary>
[Collection(RedisClusterTests.Name)]
public sealed class RedisClusterEndUserNearCacheTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string prefix = RedisTestStores.NewPrefix();
    private RedisStore? a;
    private RedisStore? b;

    public async Task InitializeAsync()
    {
        a = await RedisTestStores.StartAsync(RedisTestStores.Options(cluster.Configuration, prefix));
        b = await RedisTestStores.StartAsync(RedisTestStores.Options(cluster.Configuration, prefix));
    }

    public async Task DisposeAsync()
    {
        await a!.DisposeAsync();
        await b!.DisposeAsync();
    }

    [Fact]
    public async Task Opt_outs_of_end_users_in_every_slot_reach_the_other_instances_cache()
    {
        var users = await OptedInEndUsersCachedOnBAsync(6);

        foreach (var (channelId, platformKey) in users)
        {
            await a!.EndUsers.ApplyAsync(channelId, platformKey, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0, None).WithTimeout();
        }

        Assert.True(await TaskTimeouts.Eventually(() => users.TrueForAll(u => !b!.EndUserCache!.IsCached(u.ChannelId, u.PlatformKey))));
        foreach (var (channelId, platformKey) in users)
        {
            Assert.Equal(ConsentStatus.OptedOut, (await b!.EndUsers.GetStateAsync(channelId, platformKey, None).WithTimeout()).ConsentStatus);
        }
    }

    [Fact]
    public async Task A_heartbeat_is_accepted_only_after_the_invalidations_every_node_published_before_it_was_sent()
    {
        // Each end user's opt-out is published by its own node; the heartbeat round goes to every
        // primary, so it cannot overtake an invalidation of any node on its way to B's subscription.
        var users = await OptedInEndUsersCachedOnBAsync(12);

        foreach (var (channelId, platformKey) in users)
        {
            await a!.EndUsers.ApplyAsync(channelId, platformKey, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0, None).WithTimeout();
        }

        var sentAfterTheWrites = b!.EndUserHeartbeat!.RoundsSent;
        var stillHeld = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.EndUserHeartbeat.RoundAccepted = round =>
        {
            if (round >= sentAfterTheWrites)
            {
                stillHeld.TrySetResult(users.Count(u => b.EndUserCache!.IsCached(u.ChannelId, u.PlatformKey)));
            }
        };

        Assert.Equal(0, await stillHeld.Task.WithTimeout());
    }

    /// <summary>
    /// <paramref name="count"/> end users, each on a channel of its own (so in many slots), opted in
    /// through A and then read by B until B's cache holds them all.
    /// </summary>
    private async Task<List<(string ChannelId, string PlatformKey)>> OptedInEndUsersCachedOnBAsync(int count)
    {
        var users = new List<(string ChannelId, string PlatformKey)>();
        for (var i = 0; i < count; i++)
        {
            var channel = Channel();
            await a!.Channels.InsertAsync(channel, None).WithTimeout();
            var platformKey = PlatformKey();
            await a.EndUsers.ApplyAsync(channel.Id, platformKey, EndUserState.Unknown, new EndUserEffects(ConsentStatus.ExplicitlyOptedIn, null), T0, None).WithTimeout();
            users.Add((channel.Id, platformKey));
        }

        Assert.True(await TaskTimeouts.EventuallyAsync(async () =>
        {
            foreach (var (channelId, platformKey) in users)
            {
                await b!.EndUsers.GetStateAsync(channelId, platformKey, None);
            }

            return users.TrueForAll(u => b!.EndUserCache!.IsCached(u.ChannelId, u.PlatformKey));
        }));
        return users;
    }
}
