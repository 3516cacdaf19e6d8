namespace MessagingChannelUsage.LoadTests.Cli;

/// <summary>How the fixture's channels come to exist.</summary>
public enum SetupMode
{
    /// <summary>Create channels and usages through the admin API (works on any store).</summary>
    Admin,

    /// <summary>Use channels that exist already (--channel-ids, e.g. the gateway's demo data).</summary>
    Ids,
}

/// <summary>Everything the run command was told, parsed and checked.</summary>
public sealed record RunOptions
{
    public IReadOnlyList<string> Scenarios { get; init; } = ["route_inbound"];
    /// <summary>The gateway's own default listen address (README quick start), so a bare run measures it.</summary>
    public Uri Gateway { get; init; } = new("http://127.0.0.1:5051");
    public Uri Echo { get; init; } = new("http://127.0.0.1:5081");
    public IReadOnlyList<string> Load { get; init; } = ["keep=32,15s"];
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);
    public int Connections { get; init; } = 2;
    public int Streams { get; init; } = 8;
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(5);
    public int Seed { get; init; } = 42;
    public int UsersPerChannel { get; init; } = 2000;
    public bool MessageIds { get; init; }
    public double UpdatePercent { get; init; } = 1;
    public SetupMode Setup { get; init; } = SetupMode.Admin;
    public IReadOnlyList<string> ChannelIds { get; init; } = [];
    public IReadOnlyList<string> UsageIds { get; init; } = [];
    public IReadOnlyList<string> MarketingKeywords { get; init; } = ["JOIN"];
    public IReadOnlyList<string> Thresholds { get; init; } = [];
    public string ReportDirectory { get; init; } = "loadtest-reports";
    public string ReportFormats { get; init; } = "md,csv,html";
    /// <summary>Scenarios to rerun open-model at half the RPS they reached ("all" for every one).</summary>
    public IReadOnlyList<string> HalfLoad { get; init; } = [];

    /// <summary>Whether <paramref name="scenario"/> gets a half-load rerun.</summary>
    public bool WantsHalfLoad(string scenario) =>
        HalfLoad.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Any(s => s == "all" || s == scenario);
    /// <summary>Open model: the in-flight window (see <see cref="Engine.ScenarioDefinition.MaxInFlight"/>).</summary>
    public int MaxInFlight { get; init; } = 256;
    public TimeSpan WaitForTargets { get; init; } = TimeSpan.FromSeconds(30);
    public string CommandLine { get; init; } = string.Empty;

    /// <summary>Bearer token for a gateway that requires authentication (--token, else $MCU_TOKEN); never printed.</summary>
    public string? Token { get; init; }

    /// <summary>Every scenario the runner knows, in the order a full suite runs them.</summary>
    public static readonly IReadOnlyList<string> KnownScenarios =
        ["echo", "echo_stream", "route_inbound", "route_outbound", "route_stream", "mixed"];

    /// <summary>The scenario list with "all" expanded, checked against <see cref="KnownScenarios"/>.</summary>
    /// <exception cref="ArgumentException">An unknown scenario name.</exception>
    public IReadOnlyList<string> ExpandedScenarios()
    {
        var expanded = new List<string>();
        foreach (var name in Scenarios.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (name == "all")
            {
                expanded.AddRange(KnownScenarios);
            }
            else if (KnownScenarios.Contains(name))
            {
                expanded.Add(name);
            }
            else
            {
                throw new ArgumentException($"Unknown scenario '{name}'. Known: {string.Join(", ", KnownScenarios)}, all.");
            }
        }

        return expanded;
    }
}
