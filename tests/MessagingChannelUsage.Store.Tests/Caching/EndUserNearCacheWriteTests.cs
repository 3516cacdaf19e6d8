using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Caching;
using Microsoft.Extensions.Time.Testing;

namespace MessagingChannelUsage.Store.Tests.Caching;

/// <summary>
/// A write of this instance fills the end user's entry with the state it returned, and only its
/// own change message may pass it by (EndUserNearCache's rules; docs/performance.md, "The end-user
/// near cache"). "Change" below is a change message arriving from the feed, in any order.
/// </summary>
public sealed class EndUserNearCacheWriteTests
{
    private const string ChannelId = "0Mj000000000001AAA";
    private const string PlatformKey = "+15550001";
    private static readonly EndUserState OptedIn = new("0PA000000000001AAA", ConsentStatus.ExplicitlyOptedIn, null, null);
    private static readonly EndUserState OptedOut = new("0PA000000000001AAA", ConsentStatus.OptedOut, null, null);
    private readonly FakeTimeProvider time = new();

    private EndUserNearCache ServingCache()
    {
        var cache = new EndUserNearCache(TimeSpan.FromSeconds(5), 100, time);
        cache.Resume();
        return cache;
    }

    private static EndUserNearCache CacheHolding(EndUserNearCache cache, EndUserState state)
    {
        Assert.False(cache.TryGet(ChannelId, PlatformKey, out _, out var lease));
        cache.Complete(lease, state);
        Assert.True(cache.IsCached(ChannelId, PlatformKey));
        return cache;
    }

    private static async Task<EndUserState?> ServedAsync(EndUserNearCache cache)
        => cache.TryGet(ChannelId, PlatformKey, out var state, out var lease) ? await state : Abandoned(cache, lease);

    // A probe must not leave a loading token behind (it would hide the entry from the next step).
    private static EndUserState? Abandoned(EndUserNearCache cache, EndUserNearCache.Lease lease)
    {
        cache.Abandon(lease);
        return null;
    }

    [Theory]
    [InlineData(false)] // the write's own message arrives after its answer
    [InlineData(true)]  // ... or before it
    public async Task A_written_state_survives_its_own_change_message_and_no_later_one(bool messageFirst)
    {
        var cache = CacheHolding(ServingCache(), OptedIn);
        var lease = cache.BeginWrite(ChannelId, PlatformKey);
        if (messageFirst)
        {
            cache.ChangeReceived(ChannelId, PlatformKey);
        }

        cache.CompleteWrite(lease, OptedOut, announced: true);
        if (!messageFirst)
        {
            cache.ChangeReceived(ChannelId, PlatformKey);
        }

        Assert.Equal(OptedOut, await ServedAsync(cache));

        cache.ChangeReceived(ChannelId, PlatformKey); // a later write, here or elsewhere
        Assert.Null(await ServedAsync(cache));
    }

    [Fact]
    public void A_write_that_saw_more_change_messages_than_its_own_is_not_cached()
    {
        var cache = ServingCache();
        var lease = cache.BeginWrite(ChannelId, PlatformKey);
        cache.ChangeReceived(ChannelId, PlatformKey);
        cache.ChangeReceived(ChannelId, PlatformKey); // one of the two is a later write's

        cache.CompleteWrite(lease, OptedOut, announced: true);

        Assert.False(cache.IsCached(ChannelId, PlatformKey));
    }

    [Fact]
    public async Task A_write_that_changed_nothing_gives_any_change_message_the_power_to_drop_it()
    {
        var cache = ServingCache();
        cache.CompleteWrite(cache.BeginWrite(ChannelId, PlatformKey), OptedIn, announced: false);
        Assert.Equal(OptedIn, await ServedAsync(cache));

        cache.ChangeReceived(ChannelId, PlatformKey);
        Assert.Null(await ServedAsync(cache));

        var second = cache.BeginWrite(ChannelId, PlatformKey);
        cache.ChangeReceived(ChannelId, PlatformKey); // not this write's: it announced nothing
        cache.CompleteWrite(second, OptedIn, announced: false);
        Assert.False(cache.IsCached(ChannelId, PlatformKey));
    }

    [Fact]
    public async Task While_a_write_is_in_flight_the_state_from_before_it_is_not_served_and_a_read_is_not_cached()
    {
        var cache = CacheHolding(ServingCache(), OptedIn);
        var lease = cache.BeginWrite(ChannelId, PlatformKey);

        Assert.False(cache.TryGet(ChannelId, PlatformKey, out _, out var readLease));
        cache.Complete(readLease, OptedIn); // a concurrent read's answer, from before the write
        Assert.False(cache.IsCached(ChannelId, PlatformKey));

        cache.CompleteWrite(lease, OptedOut, announced: true);
        Assert.Equal(OptedOut, await ServedAsync(cache));
    }

    [Fact]
    public void A_local_invalidation_or_a_flush_during_the_write_leaves_nothing_to_fill()
    {
        var cache = ServingCache();
        var invalidated = cache.BeginWrite(ChannelId, PlatformKey);
        cache.Invalidate(ChannelId, PlatformKey); // e.g. the session store ended the end user's session
        cache.CompleteWrite(invalidated, OptedOut, announced: true);
        Assert.False(cache.IsCached(ChannelId, PlatformKey));

        var flushed = cache.BeginWrite(ChannelId, PlatformKey);
        cache.Flush();
        cache.CompleteWrite(flushed, OptedOut, announced: true);
        Assert.False(cache.IsCached(ChannelId, PlatformKey));
    }

    [Fact]
    public async Task Of_two_writes_of_this_instance_only_the_later_one_fills_the_entry()
    {
        var cache = ServingCache();
        var first = cache.BeginWrite(ChannelId, PlatformKey);
        var second = cache.BeginWrite(ChannelId, PlatformKey);

        cache.CompleteWrite(first, OptedIn, announced: true);
        Assert.False(cache.IsCached(ChannelId, PlatformKey));

        // The first write's message counts against the second, so both messages must not leave it cached.
        cache.ChangeReceived(ChannelId, PlatformKey);
        cache.CompleteWrite(second, OptedOut, announced: true);
        Assert.Equal(OptedOut, await ServedAsync(cache));
        cache.ChangeReceived(ChannelId, PlatformKey);
        Assert.Null(await ServedAsync(cache));
    }

    [Fact]
    public void An_abandoned_write_leaves_no_entry()
    {
        var cache = CacheHolding(ServingCache(), OptedIn);
        var lease = cache.BeginWrite(ChannelId, PlatformKey);
        cache.ChangeReceived(ChannelId, PlatformKey);

        cache.Abandon(lease);

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void While_the_link_is_down_a_write_keeps_nothing()
    {
        var cache = new EndUserNearCache(TimeSpan.FromSeconds(5), 100, time); // never resumed
        var lease = cache.BeginWrite(ChannelId, PlatformKey);
        cache.CompleteWrite(lease, OptedOut, announced: true);
        Assert.Equal(0, cache.Count);
    }
}
