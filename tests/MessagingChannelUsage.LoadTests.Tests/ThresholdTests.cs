using MessagingChannelUsage.LoadTests.Thresholds;

namespace MessagingChannelUsage.LoadTests.Tests;

public class ThresholdTests
{
    private static readonly Engine.ScenarioResult OneToTenMs = TestResults.Scenario(
        "route_inbound",
        TestResults.Step("route_inbound", Enumerable.Range(1, 1000).Select(i => i * 10L), new Dictionary<string, long> { ["Unavailable"] = 10 }));

    [Theory]
    [InlineData("p99<5ms", ThresholdMetric.P99, ThresholdOperator.Less, 5)]
    [InlineData("p99.9 <= 20", ThresholdMetric.P999, ThresholdOperator.LessOrEqual, 20)]
    [InlineData("max<0.5s", ThresholdMetric.Max, ThresholdOperator.Less, 500)]
    [InlineData("error_rate<1%", ThresholdMetric.ErrorRate, ThresholdOperator.Less, 1)]
    [InlineData("errors==0", ThresholdMetric.Errors, ThresholdOperator.Equal, 0)]
    [InlineData("rps>=1000", ThresholdMetric.Rps, ThresholdOperator.GreaterOrEqual, 1000)]
    public void Parse_ValidRule_ReadsMetricOperatorAndLimit(string text, ThresholdMetric metric, ThresholdOperator op, double limit)
    {
        var threshold = Threshold.Parse(text);

        Assert.Equal((metric, op, limit), (threshold.Metric, threshold.Operator, threshold.Limit));
        Assert.Null(threshold.Step);
    }

    [Fact]
    public void Parse_StepPrefix_ScopesTheRule() =>
        Assert.Equal("update_usage", Threshold.Parse("update_usage:p99<50ms").Step);

    [Theory]
    [InlineData("p99 below 5")]
    [InlineData("latency<5ms")]
    [InlineData("rps>10ms")]
    [InlineData("p99<5%")]
    public void Parse_Malformed_IsAFormatErrorNamingTheRule(string text)
    {
        var error = Assert.Throws<FormatException>(() => Threshold.Parse(text));

        Assert.Contains(text.Trim(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LatencyAboveTheLimit_Fails()
    {
        var outcome = Threshold.Parse("p99<5ms").Evaluate(OneToTenMs);

        Assert.False(outcome.Passed);
        Assert.Equal(9.9, outcome.Actual, 1);
    }

    [Fact]
    public void Evaluate_LatencyBelowTheLimit_Passes() =>
        Assert.True(Threshold.Parse("p50<=6ms").Evaluate(OneToTenMs).Passed);

    [Fact]
    public void Evaluate_ErrorRate_IsFailedShareOfAllCallsInPercent()
    {
        var below = Threshold.Parse("error_rate<1%").Evaluate(OneToTenMs);
        var above = Threshold.Parse("error_rate<0.5%").Evaluate(OneToTenMs);

        Assert.Equal(100.0 * 10 / 1010, below.Actual, 6);
        Assert.True(below.Passed);
        Assert.False(above.Passed);
    }

    [Fact]
    public void Evaluate_ErrorsEqualZero_FailsOnAnyError() =>
        Assert.False(Threshold.Parse("errors==0").Evaluate(OneToTenMs).Passed);

    [Fact]
    public void Evaluate_UnknownStep_FailsWithANote()
    {
        var outcome = Threshold.Parse("nope:p99<5ms").Evaluate(OneToTenMs);

        Assert.False(outcome.Passed);
        Assert.Contains("nope", outcome.Note, StringComparison.Ordinal);
    }
}
