using HdrHistogram;

namespace MessagingChannelUsage.LoadTests.Stats;

/// <summary>
/// What one step did in one reporting interval (one second): the latencies of the calls that
/// completed OK, the failures by status, and the tags (e.g. routing reasons) of the OK answers.
/// <see cref="Seconds"/> is how long the interval really lasted: about 1, less for the last one of
/// a run (the load ends between two ticks).
/// </summary>
public sealed record IntervalSample(
    int Second,
    HistogramBase Latency,
    long Ok,
    long Failed,
    IReadOnlyDictionary<string, long> ErrorsByStatus,
    IReadOnlyDictionary<string, long> Tags,
    double Seconds = 1);

/// <summary>One point of a step's timeline in a report; <see cref="Seconds"/> is the interval's real length.</summary>
public sealed record TimelinePoint(int Second, long Ok, long Failed, double P50, double P99, double Max, double Seconds = 1)
{
    /// <summary>OK calls per second of this interval: a last partial second is not drawn as a drop.</summary>
    public double OkPerSecond => Seconds > 0 ? Ok / Seconds : Ok;

    /// <summary>Failed calls per second of this interval.</summary>
    public double FailedPerSecond => Seconds > 0 ? Failed / Seconds : Failed;
}
