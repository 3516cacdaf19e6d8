using System.CommandLine;
using System.CommandLine.Parsing;

namespace MessagingChannelUsage.LoadTests.Cli;

/// <summary>The command line (System.CommandLine 2.0): the root command runs scenarios, <c>probe</c> waits for a server.</summary>
public static class CommandLineBuilder
{
    public static RootCommand Build(Func<RunOptions, CancellationToken, Task<int>> run, Func<Uri, string, TimeSpan, CancellationToken, Task<int>> probe)
    {
        var scenario = new Option<string[]>("--scenario", "-s")
        {
            Description = "Scenario(s) to run, in order: echo, echo_stream, route_inbound, route_outbound, route_stream, mixed, or all. Repeat or separate with commas.",
            DefaultValueFactory = _ => ["route_inbound"],
            AllowMultipleArgumentsPerToken = true,
        };
        var gateway = new Option<Uri>("--gateway") { Description = "Gateway address.", DefaultValueFactory = _ => new RunOptions().Gateway, CustomParser = ParseUri };
        var echo = new Option<Uri>("--echo") { Description = "Echo baseline server address.", DefaultValueFactory = _ => new RunOptions().Echo, CustomParser = ParseUri };
        var load = new Option<string[]>("--load", "-l")
        {
            Description = "Load phases, in order: keep=COPIES,DURATION | ramp-keep=COPIES,DURATION | inject=RATE/INTERVAL,DURATION | ramp-inject=RATE/INTERVAL,DURATION | pause=DURATION.",
            DefaultValueFactory = _ => ["keep=32,15s"],
        };
        var warmUp = new Option<int>("--warm-up") { Description = "Warm-up seconds before measuring (at the first phase's load).", DefaultValueFactory = _ => 3 };
        var connections = new Option<int>("--connections") { Description = "HTTP/2 connections per target.", DefaultValueFactory = _ => 2 };
        var streams = new Option<int>("--streams") { Description = "Bidirectional streams for route_stream / echo_stream (the copies share them).", DefaultValueFactory = _ => 8 };
        var deadline = new Option<int>("--deadline-ms") { Description = "gRPC deadline of each call.", DefaultValueFactory = _ => 5000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the data feeds (same seed, same messages).", DefaultValueFactory = _ => 42 };
        var users = new Option<int>("--users") { Description = "End users per channel.", DefaultValueFactory = _ => 2000 };
        var messageIds = new Option<bool>("--message-ids") { Description = "Send a unique message_id with every message (exercises idempotency records)." };
        var updatePercent = new Option<double>("--update-percent") { Description = "mixed: share of usage updates, in percent.", DefaultValueFactory = _ => 1 };
        var setup = new Option<SetupMode>("--setup") { Description = "admin: create channels through the admin API; ids: use --channel-ids.", DefaultValueFactory = _ => SetupMode.Admin };
        var channelIds = new Option<string[]>("--channel-ids") { Description = "With --setup ids: existing channel ids.", AllowMultipleArgumentsPerToken = true };
        var usageIds = new Option<string[]>("--usage-ids") { Description = "With --setup ids: MJ usage ids the mixed scenario may update.", AllowMultipleArgumentsPerToken = true };
        var keywords = new Option<string[]>("--marketing-keywords") { Description = "With --setup ids: the channels' marketing keywords.", DefaultValueFactory = _ => ["JOIN"], AllowMultipleArgumentsPerToken = true };
        var thresholds = new Option<string[]>("--threshold", "-t") { Description = "Pass/fail rules, e.g. p99<5ms, error_rate<1%, errors==0, route_inbound:rps>=1000. A failed rule exits with 2." };
        var reportDir = new Option<string>("--report-dir") { Description = "Folder for the reports.", DefaultValueFactory = _ => "loadtest-reports" };
        var formats = new Option<string>("--report-formats") { Description = "md,csv,html", DefaultValueFactory = _ => "md,csv,html" };
        var halfLoad = new Option<string[]>("--half-load")
        {
            Description = "Scenario(s), or all, to run again after their closed-model run, open-model at 50 % of the RPS they reached (latency at half the max throughput).",
            AllowMultipleArgumentsPerToken = true,
        };
        var maxInFlight = new Option<int>("--max-in-flight")
        {
            Description = "Open model: iterations in flight at once; beyond it a planned call waits (and the wait counts in its latency).",
            DefaultValueFactory = _ => 256,
        };
        var token = new Option<string?>("--token")
        {
            Description = "Bearer token sent to the gateway (needs messaging.route, and messaging.admin for --setup admin); default $MCU_TOKEN.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MCU_TOKEN"),
        };
        var wait = new Option<int>("--wait") { Description = "Seconds to wait for the targets to answer before giving up.", DefaultValueFactory = _ => 30 };

        var root = new RootCommand("Load tests for the MessagingChannelUsage gateway, with a plain-gRPC echo baseline.")
        {
            scenario, gateway, echo, load, warmUp, connections, streams, deadline, seed, users, messageIds, updatePercent,
            setup, channelIds, usageIds, keywords, thresholds, reportDir, formats, halfLoad, maxInFlight, wait, token,
        };
        root.SetAction((result, cancellationToken) => run(
            new RunOptions
            {
                Scenarios = result.GetValue(scenario) ?? [],
                Gateway = result.GetValue(gateway)!,
                Echo = result.GetValue(echo)!,
                Load = result.GetValue(load) ?? [],
                WarmUp = TimeSpan.FromSeconds(result.GetValue(warmUp)),
                Connections = result.GetValue(connections),
                Streams = result.GetValue(streams),
                Deadline = TimeSpan.FromMilliseconds(result.GetValue(deadline)),
                Seed = result.GetValue(seed),
                UsersPerChannel = result.GetValue(users),
                MessageIds = result.GetValue(messageIds),
                UpdatePercent = result.GetValue(updatePercent),
                Setup = result.GetValue(setup),
                ChannelIds = result.GetValue(channelIds) ?? [],
                UsageIds = result.GetValue(usageIds) ?? [],
                MarketingKeywords = result.GetValue(keywords) ?? [],
                Thresholds = result.GetValue(thresholds) ?? [],
                ReportDirectory = result.GetValue(reportDir)!,
                ReportFormats = result.GetValue(formats)!,
                HalfLoad = result.GetValue(halfLoad) ?? [],
                MaxInFlight = result.GetValue(maxInFlight),
                WaitForTargets = TimeSpan.FromSeconds(result.GetValue(wait)),
                Token = result.GetValue(token),
                CommandLine = "mcu-loadtest " + Redacted(result.Tokens.Select(t => t.Value)),
            },
            cancellationToken));

        var address = new Option<Uri>("--address") { Description = "Server address.", Required = true, CustomParser = ParseUri };
        var kind = new Option<string>("--kind") { Description = "gateway or echo.", DefaultValueFactory = _ => "gateway" };
        kind.AcceptOnlyFromAmong("gateway", "echo");
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait.", DefaultValueFactory = _ => 30 };
        var probeCommand = new Command("probe", "Waits until a server answers gRPC calls (exit 0) or the timeout passes (exit 1).") { address, kind, timeout };
        probeCommand.SetAction((result, cancellationToken) => probe(
            result.GetValue(address)!, result.GetValue(kind)!, TimeSpan.FromSeconds(result.GetValue(timeout)), cancellationToken));
        root.Add(probeCommand);
        return root;
    }

    /// <summary>The command line for the report, with the value of --token left out.</summary>
    private static string Redacted(IEnumerable<string> tokens)
    {
        var words = tokens.ToList();
        for (var i = 0; i < words.Count - 1; i++)
        {
            if (words[i] == "--token")
            {
                words[i + 1] = "***";
            }
        }

        return string.Join(' ', words);
    }

    /// <summary>An absolute http(s) address; anything else is a parse error with a message, not an exception.</summary>
    private static Uri? ParseUri(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        result.AddError($"'{text}' is not an http:// or https:// address.");
        return null;
    }
}
