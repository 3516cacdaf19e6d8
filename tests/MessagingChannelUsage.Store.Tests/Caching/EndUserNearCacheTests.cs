using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Caching;
using Microsoft.Extensions.Time.Testing;

namespace MessagingChannelUsage.Store.Tests.Caching;

/// <summary>The end-user near cache's own rules, without Redis (docs/performance.md, "The end-user near cache").</summary>
public sealed class EndUserNearCacheTests
{
    private const string ChannelId = "0Mj000000000001AAA";
    private const string PlatformKey = "+15550001";
    private static readonly EndUserState OptedIn = new("0PA000000000001AAA", ConsentStatus.ExplicitlyOptedIn, null, null);
    private readonly FakeTimeProvider time = new();

    private EndUserNearCache ServingCache(int maxEntries = 100)
    {
        var cache = new EndUserNearCache(TimeSpan.FromSeconds(5), maxEntries, time);
        cache.Resume();
        return cache;
    }

    private static EndUserNearCache.Lease Miss(EndUserNearCache cache)
    {
        Assert.False(cache.TryGet(ChannelId, PlatformKey, out _, out var lease));
        return lease;
    }

    /// <summary>A miss for <paramref name="platformKey"/> whose read completes: cached if the cache let it take a place.</summary>
    private static void MissAndComplete(EndUserNearCache cache, string platformKey)
    {
        Assert.False(cache.TryGet(ChannelId, platformKey, out _, out var lease));
        cache.Complete(lease, OptedIn);
    }

    [Fact]
    public async Task A_completed_read_is_served_from_the_cache_until_the_end_user_is_invalidated()
    {
        var cache = ServingCache();
        cache.Complete(Miss(cache), OptedIn);

        Assert.True(cache.TryGet(ChannelId, PlatformKey, out var state, out _));
        Assert.Equal(OptedIn, await state);

        cache.Invalidate(ChannelId, PlatformKey);
        Assert.False(cache.TryGet(ChannelId, PlatformKey, out _, out _));
    }

    [Fact]
    public void A_read_that_was_in_flight_when_its_end_user_was_invalidated_is_not_cached()
    {
        var cache = ServingCache();
        var lease = Miss(cache);

        cache.Invalidate(ChannelId, PlatformKey); // a write (here or on another instance) during the read
        cache.Complete(lease, OptedIn);           // the read may have seen the state before that write

        Assert.False(cache.IsCached(ChannelId, PlatformKey));
    }

    [Fact]
    public void A_read_that_was_in_flight_during_a_flush_is_not_cached()
    {
        var cache = ServingCache();
        var lease = Miss(cache);

        cache.Flush();
        cache.Complete(lease, OptedIn);

        Assert.False(cache.IsCached(ChannelId, PlatformKey));
    }

    [Fact]
    public async Task A_second_concurrent_miss_reads_through_without_taking_the_entry_from_the_first()
    {
        var cache = ServingCache();
        var first = Miss(cache);
        var second = Miss(cache);

        cache.Complete(second, OptedIn with { ConsentStatus = ConsentStatus.OptedOut });
        cache.Complete(first, OptedIn);

        Assert.True(cache.TryGet(ChannelId, PlatformKey, out var state, out _));
        Assert.Equal(OptedIn, await state);
    }

    [Fact]
    public void Nothing_is_served_or_stored_while_the_invalidation_link_is_down()
    {
        var cache = ServingCache();
        cache.Complete(Miss(cache), OptedIn);

        cache.Suspend();

        Assert.False(cache.IsServing);
        Assert.False(cache.TryGet(ChannelId, PlatformKey, out _, out var lease));
        cache.Complete(lease, OptedIn);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void When_the_link_comes_back_the_cache_starts_empty()
    {
        var cache = ServingCache();
        var inFlight = Miss(cache);

        cache.Suspend();
        cache.Resume();
        cache.Complete(inFlight, OptedIn); // read before the outage: changes may have been missed

        Assert.True(cache.IsServing);
        Assert.False(cache.IsCached(ChannelId, PlatformKey));
    }

    [Fact]
    public void A_new_cache_serves_nothing_until_its_link_is_confirmed()
    {
        var cache = new EndUserNearCache(TimeSpan.FromSeconds(5), 100, time);

        Assert.False(cache.TryGet(ChannelId, PlatformKey, out _, out var lease));
        cache.Complete(lease, OptedIn);

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task An_entry_is_not_served_after_its_time_to_live()
    {
        var cache = ServingCache();
        cache.Complete(Miss(cache), OptedIn);

        time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(cache.TryGet(ChannelId, PlatformKey, out _, out var lease));
        cache.Complete(lease, OptedIn with { ConsentStatus = ConsentStatus.OptedOut });
        Assert.True(cache.TryGet(ChannelId, PlatformKey, out var state, out _));
        Assert.Equal(ConsentStatus.OptedOut, (await state).ConsentStatus);
    }

    [Fact]
    public void A_full_cache_reads_through_without_storing()
    {
        var cache = ServingCache(maxEntries: 1);
        cache.Complete(Miss(cache), OptedIn);

        Assert.False(cache.TryGet(ChannelId, "+15550002", out _, out var lease));
        cache.Complete(lease, OptedIn);

        Assert.Equal(1, cache.Count);
        Assert.False(cache.IsCached(ChannelId, "+15550002"));
    }

    [Fact]
    public void A_place_freed_by_an_invalidation_an_abandoned_read_or_a_flush_can_be_taken_again()
    {
        var cache = ServingCache(maxEntries: 1);
        cache.Complete(Miss(cache), OptedIn);

        cache.Invalidate(ChannelId, PlatformKey);
        Assert.False(cache.TryGet(ChannelId, "+15550002", out _, out var second));
        cache.Complete(second, OptedIn);
        Assert.True(cache.IsCached(ChannelId, "+15550002"));

        cache.Flush();
        Assert.False(cache.TryGet(ChannelId, "+15550003", out _, out var third));
        cache.Abandon(third);
        Assert.False(cache.TryGet(ChannelId, "+15550004", out _, out var fourth));
        cache.Complete(fourth, OptedIn);
        Assert.True(cache.IsCached(ChannelId, "+15550004"));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_full_cache_drops_its_expired_entries_to_make_room_for_a_new_end_user()
    {
        var cache = ServingCache(maxEntries: 2);
        cache.Complete(Miss(cache), OptedIn);
        MissAndComplete(cache, "+15550002");

        time.Advance(TimeSpan.FromSeconds(5)); // both end users went quiet: their entries expired

        MissAndComplete(cache, "+15550003");
        Assert.True(cache.IsCached(ChannelId, "+15550003"));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_full_cache_keeps_its_live_entries_and_does_not_rescan_before_half_a_time_to_live()
    {
        var cache = ServingCache(maxEntries: 2);
        cache.Complete(Miss(cache), OptedIn);
        time.Advance(TimeSpan.FromSeconds(4));
        MissAndComplete(cache, "+15550002");

        // Full of live entries: the sweep finds nothing to drop, the new end user reads through.
        MissAndComplete(cache, "+15550003");
        Assert.False(cache.IsCached(ChannelId, "+15550003"));

        // The first entry has expired now, but the last sweep was less than half a TTL ago.
        time.Advance(TimeSpan.FromSeconds(1.5));
        MissAndComplete(cache, "+15550004");
        Assert.False(cache.IsCached(ChannelId, "+15550004"));

        // Half a TTL after that sweep, the next one drops the expired entry and the end user is stored.
        time.Advance(TimeSpan.FromSeconds(1));
        MissAndComplete(cache, "+15550005");
        Assert.True(cache.IsCached(ChannelId, "+15550005"));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task An_expired_entry_of_a_full_cache_is_refreshed_in_place()
    {
        var cache = ServingCache(maxEntries: 1);
        cache.Complete(Miss(cache), OptedIn);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(cache.TryGet(ChannelId, PlatformKey, out _, out var lease));
        cache.Complete(lease, OptedIn with { ConsentStatus = ConsentStatus.OptedOut });

        Assert.True(cache.TryGet(ChannelId, PlatformKey, out var state, out _));
        Assert.Equal(ConsentStatus.OptedOut, (await state).ConsentStatus);
    }
}
