using System.Diagnostics;
using MessagingChannelUsage.LoadTests.Stats;

namespace MessagingChannelUsage.LoadTests.Engine;

/// <summary>
/// Handed to every iteration of a scenario. It carries the iteration's planned start, so that the
/// first step measures from it (open model: coordinated-omission-free), and the step recorders.
/// </summary>
public sealed class ScenarioContext
{
    private readonly ScenarioStats stats;
    private long pendingStart;

    internal ScenarioContext(ScenarioStats stats, int copyIndex, long invocation, long plannedStart, CancellationToken cancellationToken)
    {
        this.stats = stats;
        CopyIndex = copyIndex;
        InvocationNumber = invocation;
        pendingStart = plannedStart;
        CancellationToken = cancellationToken;
    }

    /// <summary>The copy running this iteration (closed model), or -1 (open model).</summary>
    public int CopyIndex { get; }

    /// <summary>A number unique to this iteration within the scenario run, from 0.</summary>
    public long InvocationNumber { get; }

    /// <summary>Fires when the run ends; pass it (or a deadline) to every call.</summary>
    public CancellationToken CancellationToken { get; }

    internal StepRecorder Recorder(string stepName) => this.stats.Step(stepName);

    /// <summary>Where the next step's latency starts: the planned start for the first step,
    /// the actual start for every later one.</summary>
    internal long TakeStepStart()
    {
        var planned = pendingStart;
        pendingStart = 0;
        return planned != 0 ? planned : Stopwatch.GetTimestamp();
    }
}
