using System.Net;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.TestSupport;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Redis;

/// <summary>
/// The end-user cache's heartbeat (Store:EndUserCacheHeartbeat) on a real redis-server, with two
/// and three "gateway instances" (stores with their own multiplexers on one key prefix). Instance
/// B reaches Redis through a <see cref="StallingTcpProxy"/>, which can make its subscription go
/// silent while the connection stays open. Every wait is for a state (Eventually), never a duration.
/// Correctness argument: docs/performance.md, "The end-user near cache".
/// </summary>
[Collection(RedisServerTests.Name)]
public sealed class RedisEndUserHeartbeatTests(RedisServerFixture redis) : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string prefix = RedisTestStores.NewPrefix();
    private RedisStore? a;

    private RedisStore A => a!;

    public async Task InitializeAsync()
    {
        a = await RedisTestStores.StartAsync(Options(redis.Endpoint, timeout: TimeSpan.FromSeconds(2)));
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
    }

    [Fact]
    public async Task A_subscription_that_goes_silent_stops_the_cache_which_serves_again_only_after_a_flush_and_a_fresh_heartbeat()
    {
        await using var proxy = new StallingTcpProxy(IPEndPoint.Parse(redis.Endpoint));
        await using var b = await RedisTestStores.StartAsync(Options(proxy.Endpoint, timeout: TimeSpan.FromMilliseconds(250)));
        var (channelId, platformKey) = await KnownEndUserAsync();
        await WarmAsync(b, channelId, platformKey);

        proxy.StallSubscriptions();

        // B's heartbeats stop coming back: it stops serving (at the deadline, on every lookup) and
        // drops what it held (when its heartbeat timer sees the deadline passed).
        Assert.True(await TaskTimeouts.Eventually(() => !b.EndUserCache!.IsServing && !b.EndUserCache.IsCached(channelId, platformKey)));

        // A write B cannot hear about (its invalidation is held in the proxy) is read through, and
        // nothing read while suspended is kept.
        await OptOutAsync(channelId, platformKey);
        Assert.Equal(ConsentStatus.OptedOut, (await b.EndUsers.GetStateAsync(channelId, platformKey, None).WithTimeout()).ConsentStatus);
        Assert.False(b.EndUserCache!.IsCached(channelId, platformKey));

        proxy.Release();

        Assert.True(await TaskTimeouts.Eventually(() => b.EndUserCache.IsServing));
        Assert.Equal(ConsentStatus.OptedOut, (await WarmAsync(b, channelId, platformKey)).ConsentStatus);
    }

    [Fact]
    public async Task Invalidations_published_before_a_heartbeat_are_applied_before_that_heartbeat_is_accepted()
    {
        // A timeout far beyond the stall: B keeps serving through it, so only the order in which
        // B handles what arrives when the proxy lets go decides what B holds.
        await using var proxy = new StallingTcpProxy(IPEndPoint.Parse(redis.Endpoint));
        await using var b = await RedisTestStores.StartAsync(Options(proxy.Endpoint, timeout: TimeSpan.FromMinutes(1)));
        var users = new List<(string ChannelId, string PlatformKey)>();
        for (var i = 0; i < 100; i++)
        {
            users.Add(await KnownEndUserAsync());
        }

        foreach (var (channelId, platformKey) in users)
        {
            await WarmAsync(b, channelId, platformKey);
        }

        proxy.StallSubscriptions();
        foreach (var (channelId, platformKey) in users)
        {
            await OptOutAsync(channelId, platformKey);
        }

        // Every round from here on is sent after every opt-out above was published. Look at B's
        // cache at the very moment it accepts the first of them (not later, when anything would
        // have arrived anyway).
        var sentAfterTheWrites = b.EndUserHeartbeat!.RoundsSent;
        var stillHeld = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.EndUserHeartbeat.RoundAccepted = round =>
        {
            if (round >= sentAfterTheWrites)
            {
                stillHeld.TrySetResult(users.Count(u => b.EndUserCache!.IsCached(u.ChannelId, u.PlatformKey)));
            }
        };
        proxy.Release();

        Assert.Equal(0, await stillHeld.Task.WithTimeout());
        foreach (var (channelId, platformKey) in users)
        {
            Assert.Equal(ConsentStatus.OptedOut, (await b.EndUsers.GetStateAsync(channelId, platformKey, None).WithTimeout()).ConsentStatus);
        }
    }

    [Fact]
    public async Task Once_a_heartbeat_sent_after_a_write_is_accepted_that_instance_no_longer_holds_the_old_state()
    {
        await using var b = await RedisTestStores.StartAsync(Options(redis.Endpoint, timeout: TimeSpan.FromSeconds(2)));
        var (channelId, platformKey) = await KnownEndUserAsync();
        await WarmAsync(b, channelId, platformKey);

        await OptOutAsync(channelId, platformKey);
        var sentAfterTheWrite = b.EndUserHeartbeat!.RoundsSent;

        // No waiting for the invalidation itself: the accepted heartbeat is the proof.
        Assert.True(await TaskTimeouts.Eventually(() => b.EndUserHeartbeat.AcceptedThrough >= sentAfterTheWrite));
        Assert.False(b.EndUserCache!.IsCached(channelId, platformKey));
    }

    [Fact]
    public async Task An_instance_without_the_heartbeat_like_the_previous_version_keeps_its_entries_through_other_instances_heartbeats()
    {
        var options = Options(redis.Endpoint, timeout: TimeSpan.FromSeconds(2));
        options.EndUserCacheHeartbeat = false;
        options.EndUserCacheTtl = TimeSpan.FromSeconds(30);
        await using var old = await RedisTestStores.StartAsync(options);
        var (channelId, platformKey) = await KnownEndUserAsync();
        var (markerChannel, markerKey) = await KnownEndUserAsync();
        await WarmAsync(old, channelId, platformKey);
        await WarmAsync(old, markerChannel, markerKey);

        // A's heartbeats reach every subscriber; three of them, then a marker invalidation after them.
        var from = A.EndUserHeartbeat!.RoundsSent;
        Assert.True(await TaskTimeouts.Eventually(() => A.EndUserHeartbeat.AcceptedThrough >= from + 3));
        await OptOutAsync(markerChannel, markerKey);

        // In order, so once the marker is dropped the heartbeats were handled: none flushed the cache.
        Assert.True(await TaskTimeouts.Eventually(() => !old.EndUserCache!.IsCached(markerChannel, markerKey)));
        Assert.True(old.EndUserCache!.IsCached(channelId, platformKey));
        Assert.True(old.EndUserCache.IsServing);
    }

    [Fact]
    public void A_heartbeat_reads_as_an_end_user_key_of_a_channel_id_no_channel_can_have()
    {
        var keys = new RedisKeys(prefix);
        var heartbeat = keys.EndUserHeartbeatPrefix + Guid.NewGuid().ToString("N") + ":12:0";

        // What an instance of the previous version does with it: drop an entry it never holds.
        Assert.True(keys.TryParseEndUserKey(heartbeat, out var channelId, out _));
        Assert.Equal(RedisEndUserHeartbeat.ChannelId, channelId);
        Assert.False(MessagingChannelUsage.Routing.Ids.SalesforceId.TryNormalize(channelId, out _, out _));
    }

    [Fact]
    public async Task Another_instances_heartbeats_do_not_resume_a_cache_whose_own_do_not_come_back()
    {
        await using var proxy = new StallingTcpProxy(IPEndPoint.Parse(redis.Endpoint));
        await using var b = await RedisTestStores.StartAsync(Options(proxy.Endpoint, timeout: TimeSpan.FromMilliseconds(250)));
        Assert.True(await TaskTimeouts.Eventually(() => b.EndUserCache!.IsServing));
        proxy.StallSubscriptions();
        Assert.True(await TaskTimeouts.Eventually(() => !b.EndUserCache!.IsServing));

        // B's own rounds are held in the proxy; A's keep being published. B stays suspended.
        var from = A.EndUserHeartbeat!.RoundsSent;
        Assert.True(await TaskTimeouts.Eventually(() => A.EndUserHeartbeat.AcceptedThrough >= from + 3));
        Assert.False(b.EndUserCache!.IsServing);
        Assert.Equal(-1, b.EndUserHeartbeat!.AcceptedThrough);
        proxy.Release();
    }

    private StoreOptions Options(string endpoint, TimeSpan timeout)
    {
        var options = RedisTestStores.Options(endpoint, prefix);
        options.EndUserCacheHeartbeatInterval = TimeSpan.FromMilliseconds(50);
        options.EndUserCacheHeartbeatTimeout = timeout;
        return options;
    }

    private async Task<(string ChannelId, string PlatformKey)> KnownEndUserAsync()
    {
        var channel = Channel();
        await A.Channels.InsertAsync(channel, None).WithTimeout();
        var platformKey = PlatformKey();
        var applied = await A.EndUsers.ApplyAsync(
            channel.Id, platformKey, EndUserState.Unknown, new EndUserEffects(ConsentStatus.ExplicitlyOptedIn, null), T0, None).WithTimeout();
        Assert.True(applied.Applied);
        return (channel.Id, platformKey);
    }

    private Task<Abstractions.ApplyResult> OptOutAsync(string channelId, string platformKey)
        => A.EndUsers.ApplyAsync(channelId, platformKey, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0, None).WithTimeout();

    private static async Task<EndUserState> WarmAsync(RedisStore store, string channelId, string platformKey)
    {
        Assert.True(await TaskTimeouts.EventuallyAsync(async () =>
        {
            await store.EndUsers.GetStateAsync(channelId, platformKey, None);
            return store.EndUserCache!.IsCached(channelId, platformKey);
        }));
        return await store.EndUsers.GetStateAsync(channelId, platformKey, None).WithTimeout();
    }
}
