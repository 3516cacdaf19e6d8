using System.Net;
using System.Text;
using MessagingChannelUsage.LoadTests.Engine;

namespace MessagingChannelUsage.LoadTests.Reports;

/// <summary>
/// A self-contained HTML page: the Markdown report's tables (percentiles and errors, ratios,
/// half-load goals, tags, thresholds by scenario) plus, per scenario, a latency-over-time
/// and a throughput-over-time chart as inline SVG. Nothing is loaded from anywhere.
/// </summary>
public static class HtmlReport
{
    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var env = report.Environment;
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Load-test report</title>");
        html.AppendLine("<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 20px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}th:first-child,td:first-child,td.l{text-align:left}.fail{color:#b00;font-weight:bold}.pass{color:#070}</style>");
        html.AppendLine("</head><body><h1>Load-test report</h1>");
        html.AppendLine($"<p>{E($"{env.Date:yyyy-MM-dd HH:mm:ss} UTC · {env.Machine} · {env.ProcessorCount} logical processors · {env.CpuModel} · {env.Runtime}")}</p>");
        html.AppendLine($"<p>Runtime settings: {E(env.RuntimeSettings.Count == 0 ? "defaults" : string.Join(", ", env.RuntimeSettings.Select(s => $"{s.Key}={s.Value}")))}<br>Command: <code>{E(env.CommandLine)}</code></p>");

        html.AppendLine("<h2>Percentiles</h2><table><tr><th>scenario</th><th>step</th><th>target</th><th>ok</th><th>failed</th><th>RPS</th><th>p50 ms</th><th>p75 ms</th><th>p95 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th><th>errors by gRPC status</th></tr>");
        foreach (var scenario in report.Scenarios)
        {
            foreach (var step in MarkdownReport.Rows(scenario))
            {
                var s = step.Summary;
                html.AppendLine($"<tr><td>{E(scenario.Name)}</td><td class=\"l\">{E(step.Name)}</td><td class=\"l\">{E(scenario.Target)}</td><td>{step.Ok}</td><td>{step.Failed}</td><td>{Format.Rate(step.Rps)}</td><td>{Format.Ms(s.P50)}</td><td>{Format.Ms(s.P75)}</td><td>{Format.Ms(s.P95)}</td><td>{Format.Ms(s.P99)}</td><td>{Format.Ms(s.P999)}</td><td>{Format.Ms(s.Max)}</td><td class=\"l\">{E(Format.Errors(step.ErrorsByStatus))}</td></tr>");
            }
        }

        html.AppendLine("</table>");
        if (report.Ratios.Count > 0)
        {
            html.AppendLine("<h2>Ratios (same machine, same run)</h2><table><tr><th>ratio</th><th>numerator RPS</th><th>denominator RPS</th><th>ratio</th><th>goal</th><th>verdict</th></tr>");
            foreach (var r in report.Ratios)
            {
                var verdict = r.MeetsGoal switch { true => "met", false => "missed", null => "-" };
                html.AppendLine($"<tr><td>{E(r.Name)}</td><td>{Format.Rate(r.NumeratorRps)}</td><td>{Format.Rate(r.DenominatorRps)}</td><td>{Format.Number(Math.Round(r.Value, 3))}</td><td>{(r.Goal is { } g ? "&ge; " + Format.Number(g) : "-")}</td><td class=\"{(r.MeetsGoal == false ? "fail" : "pass")}\">{verdict}</td></tr>");
            }

            html.AppendLine("</table>");
        }

        if (report.HalfLoadGoals.Count > 0)
        {
            html.AppendLine("<h2>At half the max throughput</h2><table><tr><th>scenario</th><th>RPS</th><th>p99 ms</th><th>goal</th><th>verdict</th></tr>");
            foreach (var g in report.HalfLoadGoals)
            {
                html.AppendLine($"<tr><td>{E(g.Scenario)}</td><td>{Format.Rate(g.Rps)}</td><td>{Format.Ms(g.P99)}</td><td>&le; {Format.Number(g.LimitMs)} ms</td><td class=\"{(g.Met ? "pass" : "fail")}\">{(g.Met ? "met" : "missed")}</td></tr>");
            }

            html.AppendLine("</table>");
        }

        html.AppendLine("<h2>Answers by tag (routing reason)</h2>");
        var tagged = report.Scenarios.Where(s => s.All.Tags.Count > 0).ToList();
        if (tagged.Count == 0)
        {
            html.AppendLine("<p>none recorded</p>");
        }
        else
        {
            html.AppendLine("<table><tr><th>scenario</th><th>answers by tag</th></tr>");
            foreach (var scenario in tagged)
            {
                html.AppendLine($"<tr><td>{E(scenario.Name)}</td><td class=\"l\">{E(MarkdownReport.TagList(scenario))}</td></tr>");
            }

            html.AppendLine("</table>");
        }

        if (report.Thresholds.Count > 0)
        {
            html.AppendLine("<h2>Thresholds</h2><table><tr><th>scenario</th><th>threshold</th><th>actual</th><th>verdict</th></tr>");
            foreach (var t in report.Thresholds)
            {
                html.AppendLine($"<tr><td>{E(t.Scenario)}</td><td class=\"l\"><code>{E(t.Threshold.Text)}</code></td><td>{E(double.IsNaN(t.Actual) ? t.Note ?? string.Empty : Format.Number(t.Actual))}</td><td class=\"{(t.Passed ? "pass" : "fail")}\">{(t.Passed ? "pass" : "FAIL")}</td></tr>");
            }

            html.AppendLine("</table>");
        }

        foreach (var scenario in report.Scenarios)
        {
            AppendCharts(html, scenario);
        }

        return html.AppendLine("</body></html>").ToString();
    }

    private static void AppendCharts(StringBuilder html, ScenarioResult scenario)
    {
        html.AppendLine($"<h2>{E(scenario.Name)}</h2><p>{E(scenario.LoadDescription)} against {E(scenario.Target)}</p>");
        var timeline = scenario.All.Timeline;
        html.AppendLine(SvgLineChart.Render(
            $"{scenario.Name}: latency over time",
            "second of the run",
            "ms",
            [
                new("p50", "#1f77b4", [.. timeline.Select(p => ((double)p.Second, p.P50))]),
                new("p99", "#ff7f0e", [.. timeline.Select(p => ((double)p.Second, p.P99))]),
                new("max", "#d62728", [.. timeline.Select(p => ((double)p.Second, p.Max))]),
            ]));
        html.AppendLine("<br>");
        html.AppendLine(SvgLineChart.Render(
            $"{scenario.Name}: throughput over time",
            "second of the run",
            "calls/s",
            [
                // Per second of each interval, so the last partial second is not drawn as a drop.
                new("ok/s", "#2ca02c", [.. timeline.Select(p => ((double)p.Second, p.OkPerSecond))]),
                new("failed/s", "#d62728", [.. timeline.Select(p => ((double)p.Second, p.FailedPerSecond))]),
            ]));
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
