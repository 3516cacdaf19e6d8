using MessagingChannelUsage.LoadTests.Reports;

namespace MessagingChannelUsage.LoadTests.Tests;

public class RatioTableTests
{
    private static Engine.ScenarioResult WithRps(string name, int okPerTenSeconds) =>
        TestResults.Scenario(name, TestResults.Step(name, Enumerable.Repeat(1000L, okPerTenSeconds)));

    [Fact]
    public void From_GatewayAndEchoResults_GivesTheIssuesRatiosWithVerdicts()
    {
        var ratios = RatioTable.From(
        [
            WithRps("echo", 10_000), WithRps("echo_stream", 30_000), WithRps("route_inbound", 5_000), WithRps("route_stream", 24_000),
        ]);

        var unary = Assert.Single(ratios, r => r.Name.StartsWith("unary RouteInbound", StringComparison.Ordinal));
        var stream = Assert.Single(ratios, r => r.Name == "RouteStream decisions/s / EchoStream msgs/s");
        var streamVsUnary = Assert.Single(ratios, r => r.Name == "RouteStream decisions/s / unary RouteInbound");
        Assert.Equal((0.5, false), (unary.Value, unary.MeetsGoal!.Value));
        Assert.Equal((0.8, true), (stream.Value, stream.MeetsGoal!.Value));
        Assert.Equal((4.8, true), (streamVsUnary.Value, streamVsUnary.MeetsGoal!.Value));
    }

    [Fact]
    public void From_OnlyOneSideOfAPair_LeavesThePairOut() =>
        Assert.Empty(RatioTable.From([WithRps("route_inbound", 100)]));

    [Fact]
    public void HalfLoadGoals_HoldOnlyTheHalfLoadRerunsToTheP99Limit()
    {
        var fast = TestResults.Scenario("route_inbound@50%", TestResults.Step("route_inbound", Enumerable.Repeat(2000L, 1000)));
        var slow = TestResults.Scenario("echo@50%", TestResults.Step("echo", Enumerable.Repeat(8000L, 1000)));

        var goals = RatioTable.HalfLoadGoals([WithRps("route_inbound", 100), fast, slow], limitMs: 5);

        Assert.Equal(2, goals.Count);
        Assert.True(goals.Single(g => g.Scenario == "route_inbound@50%").Met);
        Assert.False(goals.Single(g => g.Scenario == "echo@50%").Met);
    }
}
