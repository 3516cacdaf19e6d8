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
}
