using MessagingChannelUsage.LoadTests.Engine;
using MessagingChannelUsage.LoadTests.Scenarios;

namespace MessagingChannelUsage.LoadTests.Reports;

/// <summary>One comparison of two throughputs measured in the same run, with the goal it is held to.</summary>
public sealed record Ratio(string Name, string Numerator, double NumeratorRps, string Denominator, double DenominatorRps, double? Goal)
{
    public double Value => DenominatorRps > 0 ? NumeratorRps / DenominatorRps : double.NaN;

    /// <summary>Null when there is no goal or nothing to compare.</summary>
    public bool? MeetsGoal => Goal is null || double.IsNaN(Value) ? null : Value >= Goal;
}

/// <summary>The latency goal at half load: p99 of a scenario's "@50%" rerun against a limit in ms.</summary>
public sealed record HalfLoadGoal(string Scenario, double Rps, double P99, double LimitMs)
{
    public bool Met => P99 <= LimitMs;
}

/// <summary>
/// The ratios the issue asks for, from whichever scenarios ran: gateway over plain gRPC, and
/// streaming over unary. Only pairs whose both sides ran appear.
/// </summary>
public static class RatioTable
{
    public static IReadOnlyList<Ratio> From(IReadOnlyList<ScenarioResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var byName = results.GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var ratios = new List<Ratio>();
        Add("unary RouteInbound / unary Echo", RoutingScenarios.RouteInboundName, EchoScenarios.EchoName, 0.60);
        Add("unary RouteOutbound / unary Echo", RoutingScenarios.RouteOutboundName, EchoScenarios.EchoName, null);
        Add("mixed (99 % RouteInbound, 1 % Update) / unary Echo", RoutingScenarios.MixedName, EchoScenarios.EchoName, null);
        Add("RouteStream decisions/s / EchoStream msgs/s", RoutingScenarios.RouteStreamName, EchoScenarios.EchoStreamName, 0.70);
        Add("RouteStream decisions/s / unary RouteInbound", RoutingScenarios.RouteStreamName, RoutingScenarios.RouteInboundName, 2.0);
        Add("EchoStream msgs/s / unary Echo", EchoScenarios.EchoStreamName, EchoScenarios.EchoName, null);
        return ratios;

        void Add(string name, string numerator, string denominator, double? goal)
        {
            if (byName.TryGetValue(numerator, out var n) && byName.TryGetValue(denominator, out var d))
            {
                ratios.Add(new Ratio(name, numerator, n.All.Rps, denominator, d.All.Rps, goal));
            }
        }
    }

    /// <summary>Every "@50%" rerun, held to p99 ≤ <paramref name="limitMs"/>.</summary>
    public static IReadOnlyList<HalfLoadGoal> HalfLoadGoals(IReadOnlyList<ScenarioResult> results, double limitMs = 5)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [.. results
            .Where(r => r.Name.EndsWith("@50%", StringComparison.Ordinal))
            .Select(r => new HalfLoadGoal(r.Name, r.All.Rps, r.All.Summary.P99, limitMs))];
    }
}
