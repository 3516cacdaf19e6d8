using HdrHistogram;

namespace MessagingChannelUsage.LoadTests.Stats;

/// <summary>The measured outcome of one step (or of a whole scenario, all steps merged).</summary>
public sealed record StepResult(
    string Name,
    long Ok,
    long Failed,
    TimeSpan Measured,
    HistogramBase Latency,
    IReadOnlyDictionary<string, long> ErrorsByStatus,
    IReadOnlyDictionary<string, long> Tags,
    IReadOnlyList<TimelinePoint> Timeline)
{
    public long Total => Ok + Failed;

    /// <summary>OK calls per second over the measured time.</summary>
    public double Rps => Measured > TimeSpan.Zero ? Ok / Measured.TotalSeconds : 0;

    /// <summary>Failed share of all calls, in percent.</summary>
    public double ErrorPercent => Total == 0 ? 0 : 100.0 * Failed / Total;

    public LatencySummary Summary { get; } = LatencySummary.From(Latency);
}
