using MessagingChannelUsage.LoadTests.Reports;
using MessagingChannelUsage.LoadTests.Stats;
using MessagingChannelUsage.LoadTests.Thresholds;

namespace MessagingChannelUsage.LoadTests.Tests;

public class ReportTests
{
    private static RunReport Report()
    {
        var inbound = TestResults.Scenario("route_inbound", TestResults.Step("route_inbound", Enumerable.Repeat(2000L, 600), new Dictionary<string, long> { ["Unavailable"] = 2 }));
        var echo = TestResults.Scenario("echo", TestResults.Step("echo", Enumerable.Repeat(1000L, 1000)));
        var halfLoad = TestResults.Scenario("route_inbound@50%", TestResults.Step("route_inbound", Enumerable.Repeat(7000L, 300)));
        var environment = new RunEnvironment(DateTimeOffset.UnixEpoch, "box", 2, "Test CPU", ".NET 10", "mcu-loadtest -s all", new Dictionary<string, string> { ["DOTNET_gcServer"] = "1" });
        var p99 = Threshold.Parse("p99<5ms");
        var thresholds = new[] { p99.Evaluate(echo), p99.Evaluate(inbound), Threshold.Parse("errors==0").Evaluate(inbound) };
        return new RunReport(environment, [echo, inbound, halfLoad], thresholds);
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
        Assert.Contains("| route_inbound | `errors==0` | 2 | FAIL |", md, StringComparison.Ordinal);
        Assert.Contains("| echo | `p99<5ms` | 1 | pass |", md, StringComparison.Ordinal);
        Assert.Contains("DOTNET_gcServer=1", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_HasOneSummaryRowPerScenarioAndOneTimelineRowPerSecond()
    {
        var report = Report();

        var summary = CsvReport.RenderSummary(report).TrimEnd().Split('\n');
        var timeline = CsvReport.RenderTimeline(report).TrimEnd().Split('\n');

        Assert.Equal(CsvReport.SummaryHeader, summary[0]);
        Assert.Equal(4, summary.Length);
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
        Assert.Equal(6, CountOf(html, "<svg "));
        Assert.Contains("latency over time", html, StringComparison.Ordinal);
        Assert.Contains("throughput over time", html, StringComparison.Ordinal);
        Assert.Contains("<th>p99.9 ms</th>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_names_the_scenario_of_each_threshold_line_so_a_rule_checked_twice_reads_apart()
    {
        var html = HtmlReport.Render(Report());

        Assert.Contains("<tr><td>echo</td><td class=\"l\"><code>p99&lt;5ms</code></td><td>1</td><td class=\"pass\">pass</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>route_inbound</td><td class=\"l\"><code>p99&lt;5ms</code></td><td>2</td><td class=\"pass\">pass</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>route_inbound</td><td class=\"l\"><code>errors==0</code></td><td>2</td><td class=\"fail\">FAIL</td></tr>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_has_the_markdown_reports_tag_and_half_load_tables()
    {
        var report = Report();
        var html = HtmlReport.Render(report);
        var md = MarkdownReport.Render(report);

        Assert.Contains("<h2>Answers by tag (routing reason)</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>route_inbound</td><td class=\"l\">SERVICE_ONLY 600</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("- route_inbound: SERVICE_ONLY 600", md, StringComparison.Ordinal);
        Assert.Contains("<h2>At half the max throughput</h2>", html, StringComparison.Ordinal);
        Assert.Matches(@"<tr><td>route_inbound@50%</td><td>30</td><td>7\.0\d\d</td><td>&le; 5 ms</td><td class=""fail"">missed</td></tr>", html);
        Assert.Matches(@"\| route_inbound@50% \| 30 \| 7\.0\d\d \| ≤ 5 ms \| missed \|", md);
    }

    [Fact]
    public void A_last_partial_second_is_drawn_at_its_rate_not_as_a_drop()
    {
        var aggregate = new StepAggregate("route_inbound");
        aggregate.Add(new IntervalSample(1, Histograms.Create(), 1000, 10, new Dictionary<string, long>(), new Dictionary<string, long>(), 1.0));
        aggregate.Add(new IntervalSample(2, Histograms.Create(), 250, 0, new Dictionary<string, long>(), new Dictionary<string, long>(), 0.25));

        var timeline = aggregate.ToResult(TimeSpan.FromSeconds(1.25)).Timeline;

        Assert.Equal([1000.0, 1000.0], timeline.Select(p => p.OkPerSecond));
        Assert.Equal([10.0, 0.0], timeline.Select(p => p.FailedPerSecond));
        Assert.Equal("0.25", CsvReport.RenderTimeline(new RunReport(Report().Environment, [TestResults.Scenario("route_inbound", aggregate.ToResult(TimeSpan.FromSeconds(1.25)))], [])).TrimEnd().Split('\n')[^1].Split(',')[^1]);
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
