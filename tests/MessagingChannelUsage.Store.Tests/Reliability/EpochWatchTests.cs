using MessagingChannelUsage.Store.Common;

namespace MessagingChannelUsage.Store.Tests.Reliability;

public sealed class EpochWatchTests
{
    /// <summary>Markers seen one after another → the verdict (<see cref="EpochVerdict"/>) of each look (docs/reliability.md#state-loss).</summary>
    public static TheoryData<string?[], string[]> Sequences => new()
    {
        { ["g:1", "g:1"], ["Adopted", "Same"] },
        { ["g:1", null, null], ["Adopted", "Lost", "StillLost"] },
        // Another instance started on the wiped Redis and wrote its own marker: still lost here.
        { ["g:1", null, "g:2"], ["Adopted", "Lost", "StillLost"] },
        { ["g:1", "g:2"], ["Adopted", "Lost"] },
        { ["g:1", null, "ack:ops", "ack:ops"], ["Adopted", "Lost", "Acknowledged", "Same"] },
        { ["g:1", null, "g:1", "g:1"], ["Adopted", "Lost", "Restored", "Same"] },
        { ["g:1", "ack:early"], ["Adopted", "Acknowledged"] },
    };

    [Theory]
    [MemberData(nameof(Sequences))]
    public void EachLookAtTheMarker_GivesItsVerdict(string?[] markers, string[] expected)
    {
        var watch = new EpochWatch();

        var verdicts = markers.Select(m => watch.Observe(m).ToString()).ToArray();

        Assert.Equal(expected, verdicts);
    }

    [Fact]
    public void ALoss_IsLatchedUntilCleared()
    {
        var watch = new EpochWatch();
        watch.Observe("g:1");

        watch.Observe(null);
        var lostAfterLoss = watch.IsLost;
        watch.Observe("g:2");
        var lostAfterAnotherInstanceStarted = watch.IsLost;
        watch.Observe("ack:ops");

        Assert.True(lostAfterLoss);
        Assert.True(lostAfterAnotherInstanceStarted);
        Assert.False(watch.IsLost);
    }
}
