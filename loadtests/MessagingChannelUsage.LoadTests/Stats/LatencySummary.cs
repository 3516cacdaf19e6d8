using HdrHistogram;

namespace MessagingChannelUsage.LoadTests.Stats;

/// <summary>The percentiles a report shows, in milliseconds.</summary>
public sealed record LatencySummary(
    long Count, double Mean, double P50, double P75, double P95, double P99, double P999, double Max)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0, 0, 0);

    public static LatencySummary From(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
        {
            return Empty;
        }

        return new LatencySummary(
            histogram.TotalCount,
            histogram.GetMean() / 1000.0,
            Ms(histogram, 50),
            Ms(histogram, 75),
            Ms(histogram, 95),
            Ms(histogram, 99),
            Ms(histogram, 99.9),
            histogram.GetMaxValue() / 1000.0);
    }

    private static double Ms(HistogramBase histogram, double percentile) =>
        histogram.GetValueAtPercentile(percentile) / 1000.0;
}
