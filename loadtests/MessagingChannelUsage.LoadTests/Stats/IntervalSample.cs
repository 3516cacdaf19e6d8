using HdrHistogram;

namespace MessagingChannelUsage.LoadTests.Stats;

/// <summary>
/// What one step did in one reporting interval (one second): the latencies of the calls that
/// completed OK, the failures by status, and the tags (e.g. routing reasons) of the OK answers.
/// </summary>
public sealed record IntervalSample(
    int Second,
    HistogramBase Latency,
    long Ok,
    long Failed,
    IReadOnlyDictionary<string, long> ErrorsByStatus,
    IReadOnlyDictionary<string, long> Tags);

/// <summary>One point of a step's timeline in a report.</summary>
public sealed record TimelinePoint(int Second, long Ok, long Failed, double P50, double P99, double Max);
