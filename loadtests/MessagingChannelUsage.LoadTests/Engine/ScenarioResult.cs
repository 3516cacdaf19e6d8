using MessagingChannelUsage.LoadTests.Stats;

namespace MessagingChannelUsage.LoadTests.Engine;

/// <summary>What one scenario run measured, after the warm-up.</summary>
public sealed record ScenarioResult(
    string Name,
    string Target,
    string LoadDescription,
    DateTimeOffset StartedAt,
    TimeSpan Measured,
    IReadOnlyList<StepResult> Steps,
    StepResult All,
    LatencySummary SchedulerLag,
    long InFlightLimitHits);

/// <summary>One line of live progress (once a second).</summary>
public sealed record ProgressLine(
    string Scenario,
    int Second,
    bool WarmUp,
    double Level,
    bool OpenModel,
    long Ok,
    long Failed,
    double P50,
    double P99,
    int InFlight);
