namespace MessagingChannelUsage.LoadTests.Reports;

/// <summary>The report formats a run can write (NBomber's <c>WithReportFormats</c>).</summary>
[Flags]
public enum ReportFormats
{
    None = 0,
    Md = 1,
    Csv = 2,
    Html = 4,
    All = Md | Csv | Html,
}

/// <summary>Writes the chosen formats into a folder and says which files it wrote.</summary>
public static class ReportWriter
{
    public const string MarkdownFile = "report.md";
    public const string HtmlFile = "report.html";
    public const string SummaryCsvFile = "summary.csv";
    public const string TimelineCsvFile = "timeline.csv";

    public static async Task<IReadOnlyList<string>> WriteAsync(RunReport report, string folder, ReportFormats formats, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        if (formats.HasFlag(ReportFormats.Md))
        {
            await Write(MarkdownFile, MarkdownReport.Render(report));
        }

        if (formats.HasFlag(ReportFormats.Csv))
        {
            await Write(SummaryCsvFile, CsvReport.RenderSummary(report));
            await Write(TimelineCsvFile, CsvReport.RenderTimeline(report));
        }

        if (formats.HasFlag(ReportFormats.Html))
        {
            await Write(HtmlFile, HtmlReport.Render(report));
        }

        return written;

        async Task Write(string name, string content)
        {
            var path = Path.Combine(folder, name);
            await File.WriteAllTextAsync(path, content, cancellationToken);
            written.Add(path);
        }
    }

    /// <summary>Parses "md,csv,html" (any order, case-insensitive).</summary>
    /// <exception cref="FormatException">An unknown format name.</exception>
    public static ReportFormats ParseFormats(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var formats = ReportFormats.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            formats |= part.ToUpperInvariant() switch
            {
                "MD" or "MARKDOWN" => ReportFormats.Md,
                "CSV" => ReportFormats.Csv,
                "HTML" => ReportFormats.Html,
                _ => throw new FormatException($"Unknown report format '{part}' (md, csv, html)."),
            };
        }

        return formats;
    }
}
