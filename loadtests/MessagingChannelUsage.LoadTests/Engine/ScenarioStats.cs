using System.Collections.Concurrent;
using MessagingChannelUsage.LoadTests.Stats;

namespace MessagingChannelUsage.LoadTests.Engine;

/// <summary>The live statistics of one scenario run: a recorder per step, the open model's
/// scheduling lag, and how many iterations are in flight.</summary>
internal sealed class ScenarioStats
{
    private readonly ConcurrentDictionary<string, StepRecorder> _steps = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private int _inFlight;
    private long _inFlightLimitHits;

    /// <summary>Open model: actual dispatch time minus planned time (the generator's own delay).</summary>
    public StepRecorder SchedulerLag { get; } = new("scheduler-lag");

    public int InFlight => Volatile.Read(ref _inFlight);

    public long InFlightLimitHits => Interlocked.Read(ref _inFlightLimitHits);

    /// <summary>Steps in the order they first ran.</summary>
    public IEnumerable<StepRecorder> Steps => _order.Select(name => _steps[name]);

    public StepRecorder Step(string name) =>
        _steps.TryGetValue(name, out var recorder) ? recorder : Add(name);

    public void IterationStarted() => Interlocked.Increment(ref _inFlight);

    public void IterationEnded() => Interlocked.Decrement(ref _inFlight);

    public void InFlightLimitHit() => Interlocked.Increment(ref _inFlightLimitHits);

    private StepRecorder Add(string name)
    {
        // Rare (once per step name): a lock keeps the first-seen order free of duplicates.
        lock (_order)
        {
            if (!_steps.TryGetValue(name, out var recorder))
            {
                recorder = new StepRecorder(name);
                _steps[name] = recorder;
                _order.Enqueue(name);
            }

            return recorder;
        }
    }
}
