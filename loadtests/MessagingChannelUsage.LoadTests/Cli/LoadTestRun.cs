using System.Globalization;
using MessagingChannelUsage.LoadTests.Engine;
using MessagingChannelUsage.LoadTests.Grpc;
using MessagingChannelUsage.LoadTests.Reports;
using MessagingChannelUsage.LoadTests.Scenarios;
using MessagingChannelUsage.LoadTests.Setup;
using MessagingChannelUsage.LoadTests.Thresholds;

namespace MessagingChannelUsage.LoadTests.Cli;

/// <summary>
/// One invocation of the runner: wait for the targets, build the fixture, run the scenarios one
/// after another with a progress line a second, evaluate thresholds, write the reports.
/// Exit codes: 0 all passed, 1 the run could not be done (bad options, target down, setup
/// failed), 2 a threshold failed.
/// </summary>
public static class LoadTestRun
{
    public const int Passed = 0;
    public const int Broken = 1;
    public const int ThresholdFailed = 2;

    public static async Task<int> ExecuteAsync(RunOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        IReadOnlyList<string> scenarios;
        IReadOnlyList<LoadSimulation> load;
        IReadOnlyList<Threshold> thresholds;
        ReportFormats formats;
        try
        {
            scenarios = options.ExpandedScenarios();
            load = [.. options.Load.Select(LoadSimulationParser.Parse)];
            LoadPlan.Create(load, options.WarmUp); // checks the phases fit together
            thresholds = [.. options.Thresholds.Select(Threshold.Parse)];
            formats = ReportWriter.ParseFormats(options.ReportFormats);
            if (options.Connections < 1 || options.Streams < 1 || options.MaxInFlight < 1 || options.UsersPerChannel < 1 || options.UpdatePercent is < 0 or > 100)
            {
                throw new ArgumentException("--connections, --streams, --max-in-flight and --users must be at least 1; --update-percent within 0..100.");
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            await output.WriteLineAsync("error: " + e.Message);
            return Broken;
        }

        var environment = RunEnvironment.Capture(options.CommandLine);
        var runTag = DateTime.UtcNow.ToString("HHmmssfff", CultureInfo.InvariantCulture);
        var settings = new ScenarioSettings(load, options.WarmUp, options.Deadline, options.Streams, options.Seed,
            options.UsersPerChannel, options.MessageIds, options.UpdatePercent, runTag, options.MaxInFlight);
        var needsGateway = scenarios.Any(s => !s.StartsWith("echo", StringComparison.Ordinal));
        var needsEcho = scenarios.Any(s => s.StartsWith("echo", StringComparison.Ordinal));

        using var gatewayPool = new ChannelPool(options.Gateway, options.Connections, options.Token);
        using var echoPool = new ChannelPool(options.Echo, options.Connections);
        RoutingFixture fixture;
        try
        {
            if (needsGateway && !await TargetProbe.WaitAsync(options.Gateway, "gateway", options.WaitForTargets, cancellationToken))
            {
                await output.WriteLineAsync($"error: the gateway at {options.Gateway} did not answer within {options.WaitForTargets.TotalSeconds:0} s");
                return Broken;
            }

            if (needsEcho && !await TargetProbe.WaitAsync(options.Echo, "echo", options.WaitForTargets, cancellationToken))
            {
                await output.WriteLineAsync($"error: the echo server at {options.Echo} did not answer within {options.WaitForTargets.TotalSeconds:0} s");
                return Broken;
            }

            fixture = await BuildFixtureAsync(options, needsGateway, gatewayPool, runTag, output, cancellationToken);
        }
#pragma warning disable CA1031 // Any setup failure ends the run with a clear message and exit code 1.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            await output.WriteLineAsync("error: setup failed: " + e.Message);
            return Broken;
        }

        var results = new List<ScenarioResult>();
        foreach (var name in scenarios)
        {
            var target = name.StartsWith("echo", StringComparison.Ordinal) ? options.Echo : options.Gateway;
            var pool = target == options.Echo ? echoPool : gatewayPool;
            var result = await RunOneAsync(Build(name, pool, fixture, settings), target, output, cancellationToken);
            results.Add(result);
            if (options.WantsHalfLoad(name) && !load.Any(l => l.IsOpen) && result.All.Rps >= 2)
            {
                var halfRate = (int)Math.Max(1, result.All.Rps / 2);
                var halfLoad = settings with { Load = [new Inject(halfRate, TimeSpan.FromSeconds(1), load.Aggregate(TimeSpan.Zero, (t, l) => t + l.During))] };
                var half = Build(name, pool, fixture, halfLoad);
                results.Add(await RunOneAsync(RenamedForHalfLoad(half), target, output, cancellationToken));
            }
        }

        var outcomes = results
            .SelectMany(r => thresholds.Where(t => AppliesTo(t, r)).Select(t => t.Evaluate(r)))
            .ToList();
        var report = new RunReport(environment, results, outcomes);
        var files = await ReportWriter.WriteAsync(report, options.ReportDirectory, formats, cancellationToken);

        await output.WriteLineAsync();
        await output.WriteAsync(MarkdownReport.RenderRatios(report.Ratios));
        await output.WriteAsync(MarkdownReport.RenderHalfLoadGoals(report.HalfLoadGoals));
        foreach (var outcome in outcomes)
        {
            await output.WriteLineAsync($"threshold {outcome.Scenario} {outcome.Threshold.Text}: {(outcome.Passed ? "pass" : "FAIL")} (actual {(double.IsNaN(outcome.Actual) ? outcome.Note : outcome.Actual.ToString("0.###", CultureInfo.InvariantCulture))})");
        }

        await output.WriteLineAsync("reports: " + string.Join(", ", files));
        return report.Passed ? Passed : ThresholdFailed;
    }

    public static async Task<int> ProbeAsync(Uri address, string kind, TimeSpan timeout, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var up = await TargetProbe.WaitAsync(address, kind, timeout, cancellationToken);
        await output.WriteLineAsync(up ? $"{kind} at {address} answers" : $"{kind} at {address} did not answer within {timeout.TotalSeconds:0} s");
        return up ? Passed : Broken;
    }

    /// <summary>A threshold without a step prefix applies to every scenario; with one, to the scenario or step of that name.</summary>
    private static bool AppliesTo(Threshold threshold, ScenarioResult result) =>
        threshold.Step is null || result.Name == threshold.Step || result.Steps.Any(s => s.Name == threshold.Step);

    // Everything else (load, warm-up, in-flight window, init and clean) stays as built.
    private static ScenarioDefinition RenamedForHalfLoad(ScenarioDefinition scenario) =>
        scenario with { Name = scenario.Name + "@50%" };

    private static async Task<ScenarioResult> RunOneAsync(ScenarioDefinition scenario, Uri target, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"== {scenario.Name} against {target}");
        var result = await ScenarioRunner.RunAsync(scenario, target.ToString(), line => output.WriteLine(ProgressFormatter.Format(line)), cancellationToken);
        var s = result.All.Summary;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"== {result.Name}: {result.All.Rps:0} ok/s, {result.All.Failed} failed ({Format.Errors(result.All.ErrorsByStatus)}), p50 {s.P50:0.###} ms, p99 {s.P99:0.###} ms, p99.9 {s.P999:0.###} ms, max {s.Max:0.###} ms"));
        return result;
    }

    private static ScenarioDefinition Build(string name, ChannelPool pool, RoutingFixture fixture, ScenarioSettings settings) => name switch
    {
        "echo" => EchoScenarios.Unary(pool, fixture, settings),
        "echo_stream" => EchoScenarios.Stream(pool, fixture, settings),
        "route_inbound" => RoutingScenarios.RouteInbound(pool, fixture, settings),
        "route_outbound" => RoutingScenarios.RouteOutbound(pool, fixture, settings),
        "route_stream" => RoutingScenarios.RouteStream(pool, fixture, settings),
        "mixed" => RoutingScenarios.Mixed(pool, fixture, settings),
        _ => throw new ArgumentException($"Unknown scenario '{name}'."),
    };

    private static async Task<RoutingFixture> BuildFixtureAsync(
        RunOptions options, bool needsGateway, ChannelPool gatewayPool, string runTag, TextWriter output, CancellationToken cancellationToken)
    {
        if (options.Setup == SetupMode.Ids)
        {
            if (options.ChannelIds.Count == 0)
            {
                throw new ArgumentException("--setup ids needs --channel-ids.");
            }

            return AdminSetup.FromIds(options.ChannelIds, options.UsageIds, options.MarketingKeywords);
        }

        if (!needsGateway)
        {
            // Echo only: the same message shapes, over made-up channel ids (the echo server reads none).
            return new RoutingFixture(
                [.. ChannelProfiles.All.Select((p, i) => new FixtureChannel(
                    ChannelProfiles.UnknownChannelId, p.Profile, p.Weight, ChannelProfiles.MarketingKeywords, null, true))],
                "none (echo only)");
        }

        return await AdminSetup.CreateAsync(gatewayPool.For(0), runTag, output, cancellationToken);
    }
}
