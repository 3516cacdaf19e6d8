using MessagingChannelUsage.LoadTests.Stats;

namespace MessagingChannelUsage.LoadTests.Tests;

public class StepAggregateTests
{
    [Fact]
    public void Add_IntervalsOfOneSecond_TotalEqualsAHistogramOfAllValues()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 5000).Select(_ => (long)random.Next(50, 20_000)).ToList();
        var direct = Histograms.Create();
        values.ForEach(v => direct.RecordValue(v));

        var result = TestResults.Step("s", values);

        Assert.Equal(5000, result.Ok);
        Assert.Equal(direct.TotalCount, result.Latency.TotalCount);
        foreach (var p in new[] { 50.0, 75, 95, 99, 99.9, 100 })
        {
            Assert.Equal(direct.GetValueAtPercentile(p), result.Latency.GetValueAtPercentile(p));
        }

        Assert.Equal(50, result.Timeline.Count);
        Assert.Equal(5000, result.Tags["SERVICE_ONLY"]);
    }

    [Fact]
    public void Summary_ReportsPercentilesInMilliseconds()
    {
        // 1..1000 ms in 1 ms steps: p50 ≈ 500 ms, p99 ≈ 990 ms, max 1000 ms (HdrHistogram keeps 3 digits).
        var result = TestResults.Step("s", Enumerable.Range(1, 1000).Select(ms => ms * 1000L));

        Assert.Equal(500, result.Summary.P50, 0);
        Assert.Equal(990, result.Summary.P99, 0);
        Assert.InRange(result.Summary.Max, 999.5, 1001);
    }

    [Fact]
    public void Merge_OfTwoSteps_AddsCountsErrorsAndHistograms()
    {
        var fast = TestResults.Step("route", Enumerable.Repeat(1000L, 900), new Dictionary<string, long> { ["Unavailable"] = 3 });
        var slow = TestResults.Step("update", Enumerable.Repeat(9000L, 100), new Dictionary<string, long> { ["Unavailable"] = 1, ["Aborted"] = 2 });

        var merged = StepAggregate.Merge("mixed", [fast, slow], TimeSpan.FromSeconds(10));

        Assert.Equal(1000, merged.Ok);
        Assert.Equal(6, merged.Failed);
        Assert.Equal(4, merged.ErrorsByStatus["Unavailable"]);
        Assert.Equal(2, merged.ErrorsByStatus["Aborted"]);
        Assert.Equal(1000, merged.Latency.TotalCount);
        Assert.Equal(1.0, merged.Summary.P50, 1);
        Assert.Equal(9.0, merged.Summary.P99, 1);
        Assert.Equal(100.0, merged.Rps, 9);
        Assert.Equal(0.6, merged.ErrorPercent, 2);
    }

    [Fact]
    public void TakeInterval_ResetsTheRecorderForTheNextInterval()
    {
        var recorder = new StepRecorder("s");
        recorder.RecordOk(100, "A");
        recorder.RecordOk(200, "A");
        recorder.RecordFailure("Unavailable");

        var first = recorder.TakeInterval(1);
        recorder.RecordOk(300, "B");
        var second = recorder.TakeInterval(2);

        Assert.Equal((2L, 1L, 2L), (first.Ok, first.Failed, first.Latency.TotalCount));
        Assert.Equal(2, first.Tags["A"]);
        Assert.Equal(1, first.ErrorsByStatus["Unavailable"]);
        Assert.Equal((1L, 0L, 1L), (second.Ok, second.Failed, second.Latency.TotalCount));
        Assert.False(second.Tags.ContainsKey("A"));
        Assert.Empty(second.ErrorsByStatus);
    }

    [Fact]
    public void RecordOk_AValueBeyondTheTrackableRange_IsClampedNotThrown()
    {
        var recorder = new StepRecorder("s");

        recorder.RecordOk(Histograms.HighestMicros * 10, null);
        recorder.RecordOk(0, null);

        Assert.Equal(2, recorder.TakeInterval(1).Latency.TotalCount);
    }
}
