using MessagingChannelUsage.LoadTests.Reports;
using MessagingChannelUsage.LoadTests.Thresholds;

namespace MessagingChannelUsage.LoadTests.Tests;

public class ReportTests
{
    private static RunReport Report()
    {
        var inbound = TestResults.Scenario("route_inbound", TestResults.Step("route_inbound", Enumerable.Repeat(2000L, 600), new Dictionary<string, long> { ["Unavailable"] = 2 }));
        var echo = TestResults.Scenario("echo", TestResults.Step("echo", Enumerable.Repeat(1000L, 1000)));
        var environment = new RunEnvironment(DateTimeOffset.UnixEpoch, "box", 2, "Test CPU", ".NET 10", "mcu-loadtest -s all", new Dictionary<string, string> { ["DOTNET_gcServer"] = "1" });
        var thresholds = new[] { Threshold.Parse("p99<5ms").Evaluate(inbound), Threshold.Parse("errors==0").Evaluate(inbound) };
        return new RunReport(environment, [echo, inbound], thresholds);
    }

    [Fact]
    public void Markdown_HasEnvironmentPercentilesRatiosErrorsAndThresholds()
    {
        var md = MarkdownReport.Render(Report());

        foreach (var section in new[] { "## Environment", "## Results", "## Ratios", "## Errors by gRPC status", "## Thresholds" })
        {
            Assert.Contains(section, md, StringComparison.Ordinal);
        }

        Assert.Contains("| p50 ms | p75 ms | p95 ms | p99 ms | p99.9 ms | max ms |", md, StringComparison.Ordinal);
        Assert.Contains("Unavailable: 2", md, StringComparison.Ordinal);
        Assert.Contains("| unary RouteInbound / unary Echo | 60 | 100 | 0.6 |", md, StringComparison.Ordinal);
        Assert.Contains("| `errors==0` | 2 | FAIL |", md, StringComparison.Ordinal);
        Assert.Contains("DOTNET_gcServer=1", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_HasOneSummaryRowPerScenarioAndOneTimelineRowPerSecond()
    {
        var report = Report();

        var summary = CsvReport.RenderSummary(report).TrimEnd().Split('\n');
        var timeline = CsvReport.RenderTimeline(report).TrimEnd().Split('\n');

        Assert.Equal(CsvReport.SummaryHeader, summary[0]);
        Assert.Equal(3, summary.Length);
        Assert.Equal(CsvReport.SummaryHeader.Split(',').Length, summary[1].Split(',').Length);
        Assert.Equal(1 + report.Scenarios.Sum(s => s.All.Timeline.Count), timeline.Length);
    }

    [Fact]
    public void Csv_QuotesFieldsWithCommasOrQuotes()
    {
        Assert.Equal("plain", CsvReport.Quote("plain"));
        Assert.Equal("\"a, b\"", CsvReport.Quote("a, b"));
        Assert.Equal("\"say \"\"hi\"\"\"", CsvReport.Quote("say \"hi\""));
    }

    [Fact]
    public void Html_IsSelfContainedWithBothChartsPerScenarioAndThePercentileTable()
    {
        var html = HtmlReport.Render(Report());

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal(4, CountOf(html, "<svg "));
        Assert.Contains("latency over time", html, StringComparison.Ordinal);
        Assert.Contains("throughput over time", html, StringComparison.Ordinal);
        Assert.Contains("<th>p99.9 ms</th>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writer_WritesEveryChosenFormatIntoTheFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mcu-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var files = await ReportWriter.WriteAsync(Report(), folder, ReportWriter.ParseFormats("md, CSV,html"), timeout.Token);

            Assert.Equal(
                new[] { ReportWriter.MarkdownFile, ReportWriter.SummaryCsvFile, ReportWriter.TimelineCsvFile, ReportWriter.HtmlFile }.Order(),
                files.Select(Path.GetFileName).Order());
            Assert.All(files, f => Assert.True(new FileInfo(f).Length > 100));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ParseFormats_UnknownName_IsAFormatError() =>
        Assert.Throws<FormatException>(() => ReportWriter.ParseFormats("md,pdf"));

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(3.2, 5.0)]
    [InlineData(10.0, 10.0)]
    [InlineData(11.0, 20.0)]
    [InlineData(0.031, 0.05)]
    public void NiceCeiling_RoundsUpToOneTwoOrFiveTimesAPowerOfTen(double value, double expected) =>
        Assert.Equal(expected, SvgLineChart.NiceCeiling(value), 9);

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
