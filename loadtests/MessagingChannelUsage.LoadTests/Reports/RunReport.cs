using MessagingChannelUsage.LoadTests.Engine;
using MessagingChannelUsage.LoadTests.Thresholds;

namespace MessagingChannelUsage.LoadTests.Reports;

/// <summary>Everything a report shows: the machine, the results, and the thresholds' verdicts.</summary>
public sealed record RunReport(
    RunEnvironment Environment,
    IReadOnlyList<ScenarioResult> Scenarios,
    IReadOnlyList<ThresholdOutcome> Thresholds)
{
    /// <summary>Gateway-to-baseline and stream-to-unary ratios of the scenarios that ran.</summary>
    public IReadOnlyList<Ratio> Ratios { get; } = RatioTable.From(Scenarios);

    /// <summary>p99 of the half-load reruns against the 5 ms goal.</summary>
    public IReadOnlyList<HalfLoadGoal> HalfLoadGoals { get; } = RatioTable.HalfLoadGoals(Scenarios);

    public bool Passed => Thresholds.All(t => t.Passed);
}

/// <summary>Where and how the run happened, so numbers can be compared with the conditions they came from.</summary>
public sealed record RunEnvironment(
    DateTimeOffset Date,
    string Machine,
    int ProcessorCount,
    string CpuModel,
    string Runtime,
    string CommandLine,
    IReadOnlyDictionary<string, string> RuntimeSettings)
{
    /// <summary>Reads the current process's environment (CPU model from /proc/cpuinfo on Linux).</summary>
    public static RunEnvironment Capture(string commandLine)
    {
        var settings = System.Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .Select(e => (Key: (string)e.Key, Value: e.Value as string ?? string.Empty))
            .Where(e => IsRuntimeSetting(e.Key))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        return new RunEnvironment(
            DateTimeOffset.UtcNow,
            System.Environment.MachineName,
            System.Environment.ProcessorCount,
            ReadCpuModel(),
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            commandLine,
            settings);
    }

    /// <summary>DOTNET_* variables that change how the runtime runs code (GC, JIT, processors), not the SDK's chatter.</summary>
    public static bool IsRuntimeSetting(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string[] sdkOnly = ["DOTNET_CLI_", "DOTNET_ROOT", "DOTNET_NOLOGO", "DOTNET_GENERATE_", "DOTNET_SKIP_", "DOTNET_HOST_PATH", "DOTNET_INSTALL_"];
        return name.StartsWith("DOTNET_", StringComparison.Ordinal) && !sdkOnly.Any(p => name.StartsWith(p, StringComparison.Ordinal));
    }

    private static string ReadCpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo))
        {
            return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
        }

        var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
