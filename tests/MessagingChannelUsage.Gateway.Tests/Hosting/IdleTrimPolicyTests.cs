using MessagingChannelUsage.Gateway.Hosting;

namespace MessagingChannelUsage.Gateway.Tests.Hosting;

/// <summary>When the idle trim gives memory back (docs/reliability.md#what-slow-clients-cost-and-when-it-is-given-back), table first.</summary>
public sealed class IdleTrimPolicyTests
{
    private const long Mb = 1024 * 1024;

    private const double Idle = 60;

    public static TheoryData<string, double, long, long, long, long, double, bool> Cases => new()
    {
        // name, seconds idle, streams closed since last trim, pool bytes evicted since last trim, committed, heap after last GC, seconds since last trim, trim?
        { "idle, streams ended, long enough since the last trim", Idle, 1000, 0, 120 * Mb, 100 * Mb, 60, true },
        { "idle, no stream ended, much committed beyond the heap", Idle, 0, 0, 300 * Mb, 150 * Mb, 60, true },
        { "idle, nothing ended, little committed beyond the heap", Idle, 0, 0, 60 * Mb, 40 * Mb, 60, false },
        { "busy: the last check found megabytes allocated (traffic would wait on the pause)", 0, 1000, 0, 300 * Mb, 100 * Mb, 60, false },
        { "a lull between bursts: idle for less than the idle duration", IdleTrimPolicy.IdleDuration.TotalSeconds - 1, 1000, 0, 300 * Mb, 100 * Mb, 60, false },
        { "idle for exactly the idle duration", IdleTrimPolicy.IdleDuration.TotalSeconds, 1, 0, 50 * Mb, 50 * Mb, 60, true },
        { "trimmed a moment ago", Idle, 1000, 0, 300 * Mb, 100 * Mb, 1, false },
        { "exactly the minimum interval since the last trim", Idle, 1, 0, 50 * Mb, 50 * Mb, IdleTrimPolicy.MinimumInterval.TotalSeconds, true },
        { "idle, Kestrel's pool evicted enough blocks, nothing else", Idle, 0, IdleTrimPolicy.EvictedBlocks, 50 * Mb, 50 * Mb, 60, true },
        { "idle, Kestrel's pool evicted a little", Idle, 0, IdleTrimPolicy.EvictedBlocks - 1, 50 * Mb, 50 * Mb, 60, false },
        { "exactly the committed slack, nothing ended", Idle, 0, 0, 40 * Mb + IdleTrimPolicy.CommittedSlack, 40 * Mb, 60, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrimsOnlyWhenIdleWithSomethingToReturnAndNotTooOften(string name, double secondsIdle, long closed, long evicted, long committed, long heap, double secondsSinceLastTrim, bool expected)
    {
        var check = new IdleTrimCheck(TimeSpan.FromSeconds(secondsIdle), closed, evicted, committed, heap, TimeSpan.FromSeconds(secondsSinceLastTrim));

        Assert.True(IdleTrimPolicy.ShouldTrim(check) == expected, name);
    }
}
