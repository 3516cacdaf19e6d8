using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Caching;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.TestSupport;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Redis;

/// <summary>
/// The end-user near cache on Redis with two "gateway instances" (two stores, two multiplexers, one
/// key prefix). Cross-instance changes arrive by pub/sub, so those assertions wait (Eventually);
/// same-instance writes must be visible at once. Correctness argument: docs/performance.md.
/// </summary>
[Collection(RedisServerTests.Name)]
public sealed class RedisEndUserNearCacheTests(RedisServerFixture redis) : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string prefix = RedisTestStores.NewPrefix();
    private RedisStore? a;
    private RedisStore? b;

    private RedisStore A => a!;

    private RedisStore B => b!;

    public async Task InitializeAsync()
    {
        a = await RedisTestStores.StartAsync(RedisTestStores.Options(redis.Endpoint, prefix));
        b = await RedisTestStores.StartAsync(RedisTestStores.Options(redis.Endpoint, prefix));
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }

    private static async Task<(string ChannelId, string PlatformKey, EndUserState State)> KnownEndUserAsync(RedisStore writer)
    {
        var channel = Channel();
        await writer.Channels.InsertAsync(channel, None).WithTimeout();
        var platformKey = PlatformKey();
        var applied = await writer.EndUsers.ApplyAsync(
            channel.Id, platformKey, EndUserState.Unknown, new EndUserEffects(ConsentStatus.ExplicitlyOptedIn, SessionOrigin.InboundInitiated), T0, None).WithTimeout();
        Assert.True(applied.Applied);
        return (channel.Id, platformKey, applied.State);
    }

    private static async Task<EndUserState> WarmAsync(RedisStore store, string channelId, string platformKey)
    {
        // The cache serves once its subscription is confirmed (start-up): read until it holds the user.
        Assert.True(await TaskTimeouts.EventuallyAsync(async () =>
        {
            await store.EndUsers.GetStateAsync(channelId, platformKey, None);
            return store.EndUserCache!.IsCached(channelId, platformKey);
        }));
        return await store.EndUsers.GetStateAsync(channelId, platformKey, None).WithTimeout();
    }

    [Fact]
    public async Task A_warm_end_user_is_read_without_sending_anything_to_Redis()
    {
        var (channelId, platformKey, _) = await KnownEndUserAsync(A);
        await WarmAsync(B, channelId, platformKey);
        var before = await redis.Server.CommandCallsAsync().WithTimeout();

        for (var i = 0; i < 50; i++)
        {
            await B.EndUsers.GetStateAsync(channelId, platformKey, None).WithTimeout();
        }

        // Counted by Redis (nothing else uses this server meanwhile), less what keeps links alive:
        // the instances' heartbeats (PUBLISH), the client's keep-alive PINGs, and this INFO.
        var after = await redis.Server.CommandCallsAsync().WithTimeout();
        var executed = after.Where(c => c.Key is not ("publish" or "ping" or "info") && c.Value > before.GetValueOrDefault(c.Key)).Select(c => c.Key).ToList();
        Assert.Empty(executed);
    }

    [Fact]
    public async Task Misses_gathered_in_a_batch_go_to_Redis_when_it_is_sent_and_fill_the_cache()
    {
        var (channelId, first, firstState) = await KnownEndUserAsync(A);
        var second = PlatformKey();
        var secondState = (await A.EndUsers.ApplyAsync(channelId, second, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0, None).WithTimeout()).State;
        var (warmChannel, warmKey, _) = await KnownEndUserAsync(A);
        await WarmAsync(B, warmChannel, warmKey); // B's cache serves
        var batch = new EndUserReadBatch(None);

        batch.Enter();
        var reads = new[] { B.EndUsers.GetStateAsync(channelId, first, None), B.EndUsers.GetStateAsync(channelId, second, None) };
        batch.Exit();

        // The two misses wait for the batch: nothing was sent yet.
        Assert.Equal(2, batch.Count);
        Assert.False(reads[0].IsCompleted || reads[1].IsCompleted);
        batch.Send();
        Assert.Equal(0, batch.Count);
        Assert.Equal(firstState, await reads[0].WithTimeout());
        Assert.Equal(secondState, await reads[1].WithTimeout());

        // A's writes reach B's cache by pub/sub, possibly after B's misses placed their tokens (then
        // those answers are rightly not kept): batched reads fill the cache once those have arrived.
        Assert.True(await TaskTimeouts.EventuallyAsync(async () =>
        {
            var again = new EndUserReadBatch(None);
            again.Enter();
            var pending = new[] { B.EndUsers.GetStateAsync(channelId, first, None), B.EndUsers.GetStateAsync(channelId, second, None) };
            again.Exit();
            again.Send();
            await Task.WhenAll(pending);
            return B.EndUserCache!.IsCached(channelId, first) && B.EndUserCache.IsCached(channelId, second);
        }));
    }

    [Fact]
    public async Task A_write_between_a_gathered_miss_and_its_answer_takes_the_entry_with_what_it_wrote()
    {
        var (channelId, platformKey, _) = await KnownEndUserAsync(A);
        var (warmChannel, warmKey, _) = await KnownEndUserAsync(A);
        await WarmAsync(B, warmChannel, warmKey);
        var batch = new EndUserReadBatch(None);
        batch.Enter();
        var read = B.EndUsers.GetStateAsync(channelId, platformKey, None);
        batch.Exit();

        // The miss placed its loading token; this instance's write replaces it before the batch goes,
        // so the read's answer is not cached: the entry holds the state the write returned.
        var written = await B.EndUsers.ApplyAsync(channelId, platformKey, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0, None).WithTimeout();
        batch.Send();

        Assert.Equal(ConsentStatus.OptedOut, (await read.WithTimeout()).ConsentStatus);
        Assert.True(B.EndUserCache!.TryGet(channelId, platformKey, out var cached, out _));
        Assert.Equal(written.State, await cached);
    }

    [Fact]
    public async Task A_read_outside_the_batch_or_with_another_token_goes_on_its_own()
    {
        var (channelId, platformKey, state) = await KnownEndUserAsync(A);
        using var other = new CancellationTokenSource();
        var batch = new EndUserReadBatch(other.Token);

        var outside = B.EndUsers.GetStateAsync(channelId, platformKey, None);
        batch.Enter();
        var otherToken = B.EndUsers.GetStateAsync(channelId, PlatformKey(), None);
        batch.Exit();

        Assert.Equal(0, batch.Count);
        Assert.Equal(state, await outside.WithTimeout());
        Assert.False((await otherToken.WithTimeout()).Exists);
    }

    [Fact]
    public async Task An_opt_out_acknowledged_on_one_instance_is_read_at_once_by_that_instance()
    {
        var (channelId, platformKey, _) = await KnownEndUserAsync(A);
        await WarmAsync(A, channelId, platformKey);

        await A.EndUsers.ApplyAsync(channelId, platformKey, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0, None).WithTimeout();

        // No waiting: the write dropped the entry before it returned.
        Assert.Equal(ConsentStatus.OptedOut, (await A.EndUsers.GetStateAsync(channelId, platformKey, None).WithTimeout()).ConsentStatus);
    }

    [Fact]
    public async Task A_write_here_leaves_what_it_wrote_in_the_cache_until_another_instance_changes_the_end_user()
    {
        var (channelId, _, _) = await KnownEndUserAsync(A);
        var platformKey = PlatformKey(); // no earlier change message for this end user can still be on its way

        var written = await B.EndUsers.ApplyAsync(
            channelId, platformKey, EndUserState.Unknown, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated), T0, None).WithTimeout();

        // The end user's next message needs no read: the entry holds the write's answer, and its
        // own change message (before or after this line) does not drop it.
        Assert.True(B.EndUserCache!.TryGet(channelId, platformKey, out var cached, out _));
        Assert.Equal(written.State, await cached);

        await A.EndUsers.ApplyAsync(channelId, platformKey, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0.AddSeconds(1), None).WithTimeout();

        Assert.True(await TaskTimeouts.Eventually(() => !B.EndUserCache.IsCached(channelId, platformKey)));
        Assert.Equal(ConsentStatus.OptedOut, (await B.EndUsers.GetStateAsync(channelId, platformKey, None).WithTimeout()).ConsentStatus);
    }

    [Fact]
    public async Task An_opt_out_on_one_instance_reaches_the_other_instances_cache()
    {
        var (channelId, platformKey, _) = await KnownEndUserAsync(A);
        Assert.Equal(ConsentStatus.ExplicitlyOptedIn, (await WarmAsync(B, channelId, platformKey)).ConsentStatus);

        await A.EndUsers.ApplyAsync(channelId, platformKey, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0, None).WithTimeout();

        Assert.True(await TaskTimeouts.Eventually(() => !B.EndUserCache!.IsCached(channelId, platformKey)));
        Assert.Equal(ConsentStatus.OptedOut, (await B.EndUsers.GetStateAsync(channelId, platformKey, None).WithTimeout()).ConsentStatus);
    }

    [Fact]
    public async Task A_conditional_write_on_a_stale_copy_is_refused_and_replaces_that_copy()
    {
        var (channelId, platformKey, _) = await KnownEndUserAsync(A);
        var stale = await WarmAsync(B, channelId, platformKey);
        await A.EndUsers.ApplyAsync(channelId, platformKey, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0, None).WithTimeout();

        // B decided on the copy it read before the opt-out (inside the cross-instance window): the
        // compare-and-set of its write sees the real state, writes nothing, and B drops its copy.
        var result = await B.EndUsers.ApplyAsync(channelId, platformKey, stale, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, null), T0, None).WithTimeout();

        Assert.False(result.Applied);
        Assert.Equal(ConsentStatus.OptedOut, result.State.ConsentStatus);
        // B's stale copy is gone at once: B now holds the state the refused write returned, or nothing.
        Assert.Equal(ConsentStatus.OptedOut, (await B.EndUsers.GetStateAsync(channelId, platformKey, None).WithTimeout()).ConsentStatus);
    }

    [Fact]
    public async Task Closing_a_session_drops_the_end_user_here_at_once_and_on_the_other_instance()
    {
        var (channelId, platformKey, state) = await KnownEndUserAsync(A);
        await WarmAsync(A, channelId, platformKey);
        await WarmAsync(B, channelId, platformKey);

        await A.Sessions.UpdateStatusAsync(state.OpenSessionId!, SessionStatus.Ended, "Closed", T0, None).WithTimeout();

        Assert.Null((await A.EndUsers.GetStateAsync(channelId, platformKey, None).WithTimeout()).OpenSessionId);
        Assert.True(await TaskTimeouts.Eventually(() => !B.EndUserCache!.IsCached(channelId, platformKey)));
        Assert.Null((await B.EndUsers.GetStateAsync(channelId, platformKey, None).WithTimeout()).OpenSessionId);
    }

    [Fact]
    public async Task Ending_a_channels_open_sessions_drops_its_end_users_on_every_instance()
    {
        var (channelId, platformKey, _) = await KnownEndUserAsync(A);
        await WarmAsync(A, channelId, platformKey);
        await WarmAsync(B, channelId, platformKey);

        Assert.Equal(1, await A.Sessions.EndOpenSessionsAsync(channelId, MessagingSession.ChannelDisabledEndReason, T0, None).WithTimeout());

        Assert.Null((await A.EndUsers.GetStateAsync(channelId, platformKey, None).WithTimeout()).OpenSessionId);
        Assert.True(await TaskTimeouts.Eventually(() => !B.EndUserCache!.IsCached(channelId, platformKey)));
        Assert.Null((await B.EndUsers.GetStateAsync(channelId, platformKey, None).WithTimeout()).OpenSessionId);
    }

    [Fact]
    public async Task A_lost_invalidation_link_stops_serving_and_comes_back_empty()
    {
        var (channelId, platformKey, _) = await KnownEndUserAsync(A);
        await WarmAsync(B, channelId, platformKey);

        await redis.Server.CliAsync("client", "kill", "type", "pubsub").WithTimeout();

        // Flushed when the link drops; once re-subscribed, it serves again, starting empty.
        Assert.True(await TaskTimeouts.Eventually(() => !B.EndUserCache!.IsCached(channelId, platformKey)));
        await A.EndUsers.ApplyAsync(channelId, platformKey, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0, None).WithTimeout();
        Assert.Equal(ConsentStatus.OptedOut, (await WarmAsync(B, channelId, platformKey)).ConsentStatus);
        Assert.True(B.EndUserCache!.IsServing);
    }

    [Fact]
    public async Task With_the_setting_off_there_is_no_cache_and_every_read_goes_to_Redis()
    {
        var options = RedisTestStores.Options(redis.Endpoint, prefix);
        options.EndUserCache = false;
        await using var plain = await RedisTestStores.StartAsync(options);
        var (channelId, platformKey, _) = await KnownEndUserAsync(plain);
        var sent = plain.Multiplexer.OperationCount;

        for (var i = 0; i < 10; i++)
        {
            await plain.EndUsers.GetStateAsync(channelId, platformKey, None).WithTimeout();
        }

        Assert.Null(plain.EndUserCache);
        Assert.Equal(sent + 10, plain.Multiplexer.OperationCount);
    }

    [Fact]
    public async Task With_the_setting_off_the_reads_gathered_in_a_batch_still_go_together_when_it_is_sent()
    {
        var options = RedisTestStores.Options(redis.Endpoint, prefix);
        options.EndUserCache = false;
        await using var plain = await RedisTestStores.StartAsync(options);
        var (channelId, platformKey, state) = await KnownEndUserAsync(plain);
        var batch = new EndUserReadBatch(None);

        batch.Enter();
        var known = plain.EndUsers.GetStateAsync(channelId, platformKey, None);
        var unknown = plain.EndUsers.GetStateAsync(channelId, PlatformKey(), None);
        batch.Exit();

        Assert.Equal(2, batch.Count);
        Assert.False(known.IsCompleted || unknown.IsCompleted);
        batch.Send();
        Assert.Equal(state, await known.WithTimeout());
        Assert.False((await unknown.WithTimeout()).Exists);
    }
}
