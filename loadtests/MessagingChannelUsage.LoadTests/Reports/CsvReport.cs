using System.Text;

namespace MessagingChannelUsage.LoadTests.Reports;

/// <summary>Two CSV files: one row per scenario step (summary), one row per step and second (timeline).</summary>
public static class CsvReport
{
    public const string SummaryHeader = "date,scenario,step,target,measured_s,ok,failed,error_rate_pct,rps,mean_ms,p50_ms,p75_ms,p95_ms,p99_ms,p999_ms,max_ms,errors";
    public const string TimelineHeader = "scenario,step,second,ok,failed,p50_ms,p99_ms,max_ms,interval_s";

    public static string RenderSummary(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder().AppendLine(SummaryHeader);
        foreach (var scenario in report.Scenarios)
        {
            foreach (var step in MarkdownReport.Rows(scenario))
            {
                var s = step.Summary;
                csv.AppendLine(string.Join(',',
                    report.Environment.Date.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                    Quote(scenario.Name), Quote(step.Name), Quote(scenario.Target),
                    Format.Number(scenario.Measured.TotalSeconds), step.Ok, step.Failed, Format.Percent(step.ErrorPercent),
                    Format.Number(step.Rps), Format.Ms(s.Mean), Format.Ms(s.P50), Format.Ms(s.P75), Format.Ms(s.P95),
                    Format.Ms(s.P99), Format.Ms(s.P999), Format.Ms(s.Max), Quote(Format.Errors(step.ErrorsByStatus))));
            }
        }

        return csv.ToString();
    }

    public static string RenderTimeline(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder().AppendLine(TimelineHeader);
        foreach (var scenario in report.Scenarios)
        {
            foreach (var step in MarkdownReport.Rows(scenario))
            {
                foreach (var p in step.Timeline)
                {
                    csv.AppendLine(string.Join(',', Quote(scenario.Name), Quote(step.Name), p.Second, p.Ok, p.Failed, Format.Ms(p.P50), Format.Ms(p.P99), Format.Ms(p.Max), Format.Number(Math.Round(p.Seconds, 3))));
                }
            }
        }

        return csv.ToString();
    }

    /// <summary>RFC 4180 quoting when the field needs it.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
