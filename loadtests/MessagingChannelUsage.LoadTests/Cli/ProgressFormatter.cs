using System.Globalization;
using MessagingChannelUsage.LoadTests.Engine;

namespace MessagingChannelUsage.LoadTests.Cli;

/// <summary>The once-a-second console line.</summary>
public static class ProgressFormatter
{
    public static string Format(ProgressLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var level = line.OpenModel ? $"rate={line.Level:0}/s" : $"copies={line.Level:0}";
        return string.Create(CultureInfo.InvariantCulture,
            $"[{line.Scenario}] {line.Second,3}s {(line.WarmUp ? "warm-up" : "run    ")} {level,-14} ok={line.Ok,7}/s err={line.Failed,5} p50={line.P50,8:0.000}ms p99={line.P99,8:0.000}ms in-flight={line.InFlight}");
    }
}
