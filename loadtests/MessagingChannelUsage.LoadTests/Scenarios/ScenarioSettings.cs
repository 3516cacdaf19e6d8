using MessagingChannelUsage.LoadTests.Engine;

namespace MessagingChannelUsage.LoadTests.Scenarios;

/// <summary>What every scenario factory needs from the command line.</summary>
public sealed record ScenarioSettings(
    IReadOnlyList<LoadSimulation> Load,
    TimeSpan WarmUp,
    TimeSpan Deadline,
    int Streams,
    int Seed,
    int UsersPerChannel,
    bool MessageIds,
    double UpdatePercent,
    string RunTag,
    int MaxInFlight = 256);
