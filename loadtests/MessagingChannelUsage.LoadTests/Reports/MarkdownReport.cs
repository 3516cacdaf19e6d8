using System.Text;
using MessagingChannelUsage.LoadTests.Engine;
using MessagingChannelUsage.LoadTests.Stats;

namespace MessagingChannelUsage.LoadTests.Reports;

/// <summary>The report as Markdown: environment, one percentile table, errors, tags, thresholds.</summary>
public static class MarkdownReport
{
    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var env = report.Environment;
        md.AppendLine("# Load-test report").AppendLine();
        md.AppendLine("## Environment").AppendLine();
        md.AppendLine($"- date: {env.Date:yyyy-MM-dd HH:mm:ss} UTC");
        md.AppendLine($"- machine: {env.Machine}, {env.ProcessorCount} logical processors, {env.CpuModel}");
        md.AppendLine($"- runtime: {env.Runtime}");
        md.AppendLine($"- runtime settings: {(env.RuntimeSettings.Count == 0 ? "defaults" : string.Join(", ", env.RuntimeSettings.Select(s => $"{s.Key}={s.Value}")))}");
        md.AppendLine($"- command: `{env.CommandLine}`").AppendLine();

        md.AppendLine("## Results").AppendLine();
        md.AppendLine("| scenario | step | target | load | measured s | ok | failed | RPS | p50 ms | p75 ms | p95 ms | p99 ms | p99.9 ms | max ms |");
        md.AppendLine("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var scenario in report.Scenarios)
        {
            foreach (var step in Rows(scenario))
            {
                var s = step.Summary;
                md.AppendLine($"| {scenario.Name} | {step.Name} | {scenario.Target} | {scenario.LoadDescription} | {Format.Number(scenario.Measured.TotalSeconds)} | {step.Ok} | {step.Failed} | {Format.Rate(step.Rps)} | {Format.Ms(s.P50)} | {Format.Ms(s.P75)} | {Format.Ms(s.P95)} | {Format.Ms(s.P99)} | {Format.Ms(s.P999)} | {Format.Ms(s.Max)} |");
            }
        }

        md.AppendLine().AppendLine("## Ratios (same machine, same run)").AppendLine();
        md.Append(RenderRatios(report.Ratios));
        md.Append(RenderHalfLoadGoals(report.HalfLoadGoals));

        md.AppendLine().AppendLine("## Errors by gRPC status").AppendLine();
        md.AppendLine("| scenario | step | error rate % | errors |");
        md.AppendLine("|---|---|---:|---|");
        foreach (var scenario in report.Scenarios)
        {
            foreach (var step in Rows(scenario))
            {
                md.AppendLine($"| {scenario.Name} | {step.Name} | {Format.Percent(step.ErrorPercent)} | {Format.Errors(step.ErrorsByStatus)} |");
            }
        }

        md.AppendLine().AppendLine("## Answers by tag (routing reason)").AppendLine();
        if (!report.Scenarios.Any(s => s.All.Tags.Count > 0))
        {
            md.AppendLine("none recorded");
        }

        foreach (var scenario in report.Scenarios.Where(s => s.All.Tags.Count > 0))
        {
            md.AppendLine($"- {scenario.Name}: {TagList(scenario)}");
        }

        md.AppendLine().AppendLine("## Load generator").AppendLine();
        md.AppendLine("Open-model scenarios only: how late the generator dispatched iterations (already inside the latencies above).").AppendLine();
        md.AppendLine("| scenario | scheduling lag p50 ms | p99 ms | max ms | in-flight limit hits |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var scenario in report.Scenarios.Where(s => s.SchedulerLag.Count > 0))
        {
            var lag = scenario.SchedulerLag;
            md.AppendLine($"| {scenario.Name} | {Format.Ms(lag.P50)} | {Format.Ms(lag.P99)} | {Format.Ms(lag.Max)} | {scenario.InFlightLimitHits} |");
        }

        md.AppendLine().AppendLine("## Thresholds").AppendLine();
        if (report.Thresholds.Count == 0)
        {
            md.AppendLine("none given");
        }
        else
        {
            md.AppendLine("| scenario | threshold | actual | verdict |");
            md.AppendLine("|---|---|---:|---|");
            foreach (var t in report.Thresholds)
            {
                md.AppendLine($"| {t.Scenario} | `{t.Threshold.Text}` | {(double.IsNaN(t.Actual) ? t.Note : Format.Number(t.Actual))} | {(t.Passed ? "pass" : "FAIL")} |");
            }
        }

        return md.ToString();
    }

    /// <summary>The ratio table alone (also printed on the console at the end of a run).</summary>
    public static string RenderRatios(IReadOnlyList<Ratio> ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        if (ratios.Count == 0)
        {
            return "no pair of comparable scenarios ran" + Environment.NewLine;
        }

        var md = new StringBuilder();
        md.AppendLine("| ratio | numerator RPS | denominator RPS | ratio | goal | verdict |");
        md.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var r in ratios)
        {
            var verdict = r.MeetsGoal switch { true => "met", false => "missed", null => "-" };
            md.AppendLine($"| {r.Name} | {Format.Rate(r.NumeratorRps)} | {Format.Rate(r.DenominatorRps)} | {Format.Number(Math.Round(r.Value, 3))} | {(r.Goal is { } g ? "≥ " + Format.Number(g) : "-")} | {verdict} |");
        }

        return md.ToString();
    }

    /// <summary>The half-load latency goals, when half-load reruns ran.</summary>
    public static string RenderHalfLoadGoals(IReadOnlyList<HalfLoadGoal> goals)
    {
        ArgumentNullException.ThrowIfNull(goals);
        if (goals.Count == 0)
        {
            return string.Empty;
        }

        var md = new StringBuilder().AppendLine();
        md.AppendLine("| at half the max throughput | RPS | p99 ms | goal | verdict |");
        md.AppendLine("|---|---:|---:|---:|---|");
        foreach (var g in goals)
        {
            md.AppendLine($"| {g.Scenario} | {Format.Rate(g.Rps)} | {Format.Ms(g.P99)} | ≤ {Format.Number(g.LimitMs)} ms | {(g.Met ? "met" : "missed")} |");
        }

        return md.ToString();
    }

    /// <summary>A scenario's answer tags, most frequent first: "SERVICE_ONLY 600, OPT_OUT_KEYWORD 3".</summary>
    internal static string TagList(ScenarioResult scenario) =>
        string.Join(", ", scenario.All.Tags.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value}"));

    /// <summary>The scenario's total first, then its steps when there are several.</summary>
    internal static IEnumerable<StepResult> Rows(ScenarioResult scenario) =>
        scenario.Steps.Count <= 1 ? [scenario.All with { Name = scenario.Steps.Count == 1 ? scenario.Steps[0].Name : "all" }] : [scenario.All with { Name = "all" }, .. scenario.Steps];
}
