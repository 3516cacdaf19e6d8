using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Caching;
using Microsoft.Extensions.Time.Testing;

namespace MessagingChannelUsage.Store.Tests.Caching;

/// <summary>
/// <see cref="EndUserNearCache.ServeUntil"/>: the heartbeat's deadline is checked on every lookup, so
/// the cache stops serving at the deadline even if nobody suspends it (a late timer).
/// </summary>
public sealed class EndUserNearCacheServingDeadlineTests
{
    private static readonly EndUserState OptedIn = new("0PA000000000001AAA", ConsentStatus.ExplicitlyOptedIn, null, null);

    private readonly FakeTimeProvider time = new();

    [Fact]
    public void A_cache_past_its_serving_deadline_reads_through_and_keeps_nothing_though_nobody_suspended_it()
    {
        var cache = Serving(TimeSpan.FromSeconds(2));
        Fill(cache, "a");
        Assert.True(cache.TryGet("c", "a", out _, out _));

        time.Advance(TimeSpan.FromSeconds(2));

        Assert.False(cache.IsServing);
        Assert.False(cache.TryGet("c", "a", out _, out var lease));
        Assert.False(cache.TryGet("c", "b", out _, out var other));
        cache.Complete(other, OptedIn);
        Assert.False(cache.IsCached("c", "b"));
        cache.Abandon(lease);
    }

    [Fact]
    public void A_later_deadline_lets_the_cache_serve_on()
    {
        var cache = Serving(TimeSpan.FromSeconds(2));
        Fill(cache, "a");

        time.Advance(TimeSpan.FromSeconds(1));
        cache.ServeUntil(cache.ClockMilliseconds + 2000);
        time.Advance(TimeSpan.FromSeconds(1.5));

        Assert.True(cache.IsServing);
        Assert.True(cache.TryGet("c", "a", out _, out _));
    }

    [Fact]
    public void Without_a_deadline_the_cache_serves_until_suspended()
    {
        var cache = new EndUserNearCache(TimeSpan.FromHours(1), 10, time);
        cache.Resume();
        Fill(cache, "a");

        time.Advance(TimeSpan.FromMinutes(30));

        Assert.True(cache.TryGet("c", "a", out _, out _));
    }

    private EndUserNearCache Serving(TimeSpan forHowLong)
    {
        var cache = new EndUserNearCache(TimeSpan.FromHours(1), 10, time);
        cache.ServeUntil(cache.ClockMilliseconds + (long)forHowLong.TotalMilliseconds);
        cache.Resume();
        return cache;
    }

    private static void Fill(EndUserNearCache cache, string platformKey)
    {
        Assert.False(cache.TryGet("c", platformKey, out _, out var lease));
        cache.Complete(lease, OptedIn);
        Assert.True(cache.IsCached("c", platformKey));
    }
}
