using MessagingChannelUsage.LoadTests.Cli;

namespace MessagingChannelUsage.LoadTests.Tests;

public class CommandLineTests
{
    private static async Task<(int Exit, RunOptions? Options)> ParseAsync(params string[] args)
    {
        RunOptions? captured = null;
        var root = CommandLineBuilder.Build(
            (options, _) =>
            {
                captured = options;
                return Task.FromResult(0);
            },
            (_, _, _, _) => Task.FromResult(0));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var exit = await root.Parse(args).InvokeAsync(cancellationToken: timeout.Token);
        return (exit, captured);
    }

    [Fact]
    public async Task Run_Options_AreMappedIntoRunOptions()
    {
        var (exit, options) = await ParseAsync(
            "-s", "echo,route_inbound", "--gateway", "http://127.0.0.1:7000", "--load", "inject=100/1s,5s", "--load", "pause=1s",
            "--threshold", "p99<5ms", "--warm-up", "0", "--streams", "4", "--setup", "ids", "--channel-ids", "a", "b", "--half-load", "route_inbound,echo");

        Assert.Equal(0, exit);
        Assert.NotNull(options);
        Assert.Equal(new[] { "echo", "route_inbound" }, options.ExpandedScenarios());
        Assert.Equal(new Uri("http://127.0.0.1:7000"), options.Gateway);
        Assert.Equal(new[] { "inject=100/1s,5s", "pause=1s" }, options.Load);
        Assert.Equal(new[] { "p99<5ms" }, options.Thresholds);
        Assert.Equal(TimeSpan.Zero, options.WarmUp);
        Assert.Equal(4, options.Streams);
        Assert.Equal(SetupMode.Ids, options.Setup);
        Assert.Equal(new[] { "a", "b" }, options.ChannelIds);
        Assert.True(options.WantsHalfLoad("echo"));
        Assert.True(options.WantsHalfLoad("route_inbound"));
        Assert.False(options.WantsHalfLoad("route_stream"));
    }

    [Fact]
    public async Task Without_a_gateway_option_the_run_targets_the_gateways_default_port_5051()
    {
        var (exit, options) = await ParseAsync("-s", "route_inbound");

        Assert.Equal(0, exit);
        Assert.NotNull(options);
        Assert.Equal(new Uri("http://127.0.0.1:5051"), options.Gateway);
    }

    [Fact]
    public async Task Run_NotAnAddress_IsAParseErrorAndNothingRuns()
    {
        var (exit, options) = await ParseAsync("--gateway", "not a uri");

        Assert.NotEqual(0, exit);
        Assert.Null(options);
    }

    [Fact]
    public void ExpandedScenarios_All_ListsEveryScenarioAndUnknownNamesAreRejected()
    {
        Assert.Equal(RunOptions.KnownScenarios, new RunOptions { Scenarios = ["all"] }.ExpandedScenarios());
        Assert.Throws<ArgumentException>(() => new RunOptions { Scenarios = ["route_everything"] }.ExpandedScenarios());
    }

    [Fact]
    public async Task Execute_BadLoadText_ExitsWithOneAndSaysWhy()
    {
        using var output = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var exit = await LoadTestRun.ExecuteAsync(new RunOptions { Load = ["keep=lots"] }, output, timeout.Token);

        Assert.Equal(LoadTestRun.Broken, exit);
        Assert.Contains("keep=lots", output.ToString(), StringComparison.Ordinal);
    }
}
