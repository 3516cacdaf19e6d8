using System.Collections.Concurrent;
using HdrHistogram;

namespace MessagingChannelUsage.LoadTests.Stats;

/// <summary>
/// The live, thread-safe side of one step's statistics: many copies record into it, and the
/// runner takes one <see cref="IntervalSample"/> a second (which resets the interval).
/// </summary>
public sealed class StepRecorder
{
    private readonly Recorder latency = Histograms.CreateRecorder();
    private readonly ConcurrentDictionary<string, Counter> errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counter> tags = new(StringComparer.Ordinal);
    private long ok;
    private long failed;

    public StepRecorder(string name) => Name = name;

    public string Name { get; }

    public void RecordOk(long micros, string? tag)
    {
        latency.RecordValue(Histograms.ClampMicros(micros));
        Interlocked.Increment(ref ok);
        if (tag is not null)
        {
            Interlocked.Increment(ref tags.GetOrAdd(tag, static _ => new Counter()).Value);
        }
    }

    public void RecordFailure(string status)
    {
        Interlocked.Increment(ref failed);
        Interlocked.Increment(ref errors.GetOrAdd(status, static _ => new Counter()).Value);
    }

    /// <summary>Takes what was recorded since the previous call, which was <paramref name="seconds"/> ago.</summary>
    public IntervalSample TakeInterval(int second, double seconds = 1)
    {
        return new IntervalSample(
            second,
            latency.GetIntervalHistogram(),
            Interlocked.Exchange(ref ok, 0),
            Interlocked.Exchange(ref failed, 0),
            Drain(errors),
            Drain(tags),
            seconds);
    }

    private static Dictionary<string, long> Drain(ConcurrentDictionary<string, Counter> counters)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, counter) in counters)
        {
            var value = Interlocked.Exchange(ref counter.Value, 0);
            if (value != 0)
            {
                result[key] = value;
            }
        }

        return result;
    }

    private sealed class Counter
    {
        public long Value;
    }
}
