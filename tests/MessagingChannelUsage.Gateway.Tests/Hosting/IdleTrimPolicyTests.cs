using MessagingChannelUsage.Gateway.Hosting;

namespace MessagingChannelUsage.Gateway.Tests.Hosting;

/// <summary>When the idle trim gives memory back (docs/reliability.md#memory-after-slow-clients), table first.</summary>
public sealed class IdleTrimPolicyTests
{
    private const long Mb = 1024 * 1024;

    private static readonly TimeSpan Minimum = IdleTrimPolicy.MinimumInterval;

    public static TheoryData<string, long, long, long, long, long, double, bool> Cases => new()
    {
        // name, allocated since last check, streams closed since last trim, pool bytes evicted since last trim, committed, heap after last GC, seconds since last trim, trim?
        { "idle, streams ended, long enough since the last trim", 0, 1000, 0, 120 * Mb, 100 * Mb, 60, true },
        { "idle, no stream ended, much committed beyond the heap", 0, 0, 0, 300 * Mb, 150 * Mb, 60, true },
        { "idle, nothing ended, little committed beyond the heap", 0, 0, 0, 60 * Mb, 40 * Mb, 60, false },
        { "metrics scraped every 0.5 s (~0.4 MB per check) with much committed beyond the heap", 400 * 1024, 0, 0, 300 * Mb, 150 * Mb, 60, true },
        { "metrics scraped every 0.5 s after the streams ended", 400 * 1024, 1000, 0, 150 * Mb, 150 * Mb, 60, true },
        { "a trickle of routing (~300 messages/s) after the streams ended", 2 * Mb, 1000, 0, 150 * Mb, 150 * Mb, 60, true },
        { "routing load: allocating tens of megabytes per check (traffic would wait on the pause)", 50 * Mb, 1000, 0, 300 * Mb, 100 * Mb, 60, false },
        { "just under the background allocation bound", IdleTrimPolicy.BackgroundAllocation - 1, 1, 0, 50 * Mb, 50 * Mb, 60, true },
        { "at the background allocation bound counts as load", IdleTrimPolicy.BackgroundAllocation, 1, 0, 300 * Mb, 50 * Mb, 60, false },
        { "trimmed a moment ago", 0, 1000, 0, 300 * Mb, 100 * Mb, 1, false },
        { "exactly the minimum interval since the last trim", 0, 1, 0, 50 * Mb, 50 * Mb, Minimum.TotalSeconds, true },
        { "idle, Kestrel's pool evicted enough blocks, nothing else", 0, 0, IdleTrimPolicy.EvictedBlocks, 50 * Mb, 50 * Mb, 60, true },
        { "idle, Kestrel's pool evicted a little", 0, 0, IdleTrimPolicy.EvictedBlocks - 1, 50 * Mb, 50 * Mb, 60, false },
        { "exactly the committed slack, nothing ended", 0, 0, 0, 40 * Mb + IdleTrimPolicy.CommittedSlack, 40 * Mb, 60, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrimsOnlyWhenQuietWithSomethingToReturnAndNotTooOften(string name, long allocated, long closed, long evicted, long committed, long heap, double secondsSinceLastTrim, bool expected)
    {
        var check = new IdleTrimCheck(allocated, closed, evicted, committed, heap, TimeSpan.FromSeconds(secondsSinceLastTrim));

        Assert.True(IdleTrimPolicy.ShouldTrim(check, Minimum) == expected, name);
    }

    public static TheoryData<string, double, long, double> Waits => new()
    {
        // name, wait before the trim (s), working set the trim returned, wait after it (s)
        { "a trim that returned much keeps the shortest wait", 10, 100 * Mb, 10 },
        { "a trim that returned little doubles the wait", 10, 1 * Mb, 20 },
        { "one that returned nothing doubles it again", 20, 0, 40 },
        { "one that returned exactly the worthwhile amount resets it", 160, IdleTrimPolicy.WorthwhileReturn, 10 },
        { "the working set grew during the trim: nothing returned", 10, -2 * Mb, 20 },
        { "doubling stops at the maximum", 160, 0, IdleTrimPolicy.MaximumInterval.TotalSeconds },
        { "and stays there", IdleTrimPolicy.MaximumInterval.TotalSeconds, 0, IdleTrimPolicy.MaximumInterval.TotalSeconds },
    };

    [Theory]
    [MemberData(nameof(Waits))]
    public void WaitsLongerAfterEachTrimThatGaveBackLittle(string name, double waitSeconds, long returned, double expectedSeconds)
    {
        Assert.True(IdleTrimPolicy.NextWait(TimeSpan.FromSeconds(waitSeconds), returned) == TimeSpan.FromSeconds(expectedSeconds), name);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(250, false)]
    public void WorkQueuedOnTheThreadPoolMeansBusyHoweverLittleWasAllocated(long pendingWorkItems, bool expected)
    {
        // A box so saturated that the gateway allocates little per check while its work piles up.
        var check = new IdleTrimCheck(3 * Mb, 0, 0, 300 * Mb, 100 * Mb, TimeSpan.FromSeconds(60), pendingWorkItems);

        Assert.Equal(expected, IdleTrimPolicy.ShouldTrim(check, Minimum));
    }

    [Theory]
    [InlineData(true, 0, true)]
    [InlineData(false, 0, false)]
    [InlineData(true, IdleTrimPolicy.BackgroundAllocation, false)]
    public void ABurstThatEndedIsWorthATrimEvenWhenTheGcFiguresShowLittle(bool busySinceLastTrim, long allocated, bool expected)
    {
        // Measured after 1,000 streams filled: 18 MB committed beyond the heap, ~90 MB more RSS than after a trim.
        var check = new IdleTrimCheck(allocated, 0, 0, 162 * Mb, 144 * Mb, TimeSpan.FromSeconds(60), 0, busySinceLastTrim);

        Assert.Equal(expected, IdleTrimPolicy.ShouldTrim(check, Minimum));
    }

    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(0, 203, false)]
    [InlineData(IdleTrimPolicy.BackgroundAllocation - 1, 0, false)]
    [InlineData(IdleTrimPolicy.BackgroundAllocation, 0, true)]
    [InlineData(200 * Mb, 900, true)]
    public void OnlyRealAllocationCountsAsABurst(long allocated, long pendingWorkItems, bool expected)
    {
        var check = new IdleTrimCheck(allocated, 0, 0, 100 * Mb, 100 * Mb, TimeSpan.FromSeconds(60), pendingWorkItems);

        Assert.Equal(expected, IdleTrimPolicy.IsBurst(check));
    }

    [Fact]
    public void AWaitLongerThanTheLastTrimHoldsTheTrimBack()
    {
        var check = new IdleTrimCheck(0, 1000, 0, 300 * Mb, 100 * Mb, TimeSpan.FromSeconds(30));

        Assert.False(IdleTrimPolicy.ShouldTrim(check, TimeSpan.FromSeconds(40)));
        Assert.True(IdleTrimPolicy.ShouldTrim(check, TimeSpan.FromSeconds(20)));
    }
}
