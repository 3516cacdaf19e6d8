using System.Collections.Concurrent;
using MessagingChannelUsage.LoadTests.Stats;

namespace MessagingChannelUsage.LoadTests.Engine;

/// <summary>The live statistics of one scenario run: a recorder per step, the open model's
/// scheduling lag, and how many iterations are in flight.</summary>
internal sealed class ScenarioStats
{
    private readonly ConcurrentDictionary<string, StepRecorder> steps = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> order = new();
    private int inFlight;
    private long inFlightLimitHits;

    /// <summary>Open model: actual dispatch time minus planned time (the generator's own delay).</summary>
    public StepRecorder SchedulerLag { get; } = new("scheduler-lag");

    public int InFlight => Volatile.Read(ref inFlight);

    public long InFlightLimitHits => Interlocked.Read(ref inFlightLimitHits);

    /// <summary>Steps in the order they first ran.</summary>
    public IEnumerable<StepRecorder> Steps => this.order.Select(name => steps[name]);

    public StepRecorder Step(string name) =>
        steps.TryGetValue(name, out var recorder) ? recorder : Add(name);

    public void IterationStarted() => Interlocked.Increment(ref inFlight);

    public void IterationEnded() => Interlocked.Decrement(ref inFlight);

    public void InFlightLimitHit() => Interlocked.Increment(ref inFlightLimitHits);

    private StepRecorder Add(string name)
    {
        // Rare (once per step name): a lock keeps the first-seen order free of duplicates.
        lock (this.order)
        {
            if (!steps.TryGetValue(name, out var recorder))
            {
                recorder = new StepRecorder(name);
                steps[name] = recorder;
                this.order.Enqueue(name);
            }

            return recorder;
        }
    }
}
