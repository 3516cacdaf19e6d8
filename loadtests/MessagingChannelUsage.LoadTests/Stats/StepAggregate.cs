using HdrHistogram;

namespace MessagingChannelUsage.LoadTests.Stats;

/// <summary>
/// Adds up a step's interval samples into its totals and its timeline. Pure (single-threaded):
/// the runner feeds it once a second. Samples of the warm-up go to the progress line only.
/// </summary>
public sealed class StepAggregate
{
    private readonly LongHistogram _total = Histograms.Create();
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _tags = new(StringComparer.Ordinal);
    private readonly List<TimelinePoint> _timeline = [];

    public StepAggregate(string name) => Name = name;

    public string Name { get; }

    public long Ok { get; private set; }

    public long Failed { get; private set; }

    public HistogramBase Total => _total;

    public IReadOnlyDictionary<string, long> ErrorsByStatus => _errors;

    public IReadOnlyDictionary<string, long> Tags => _tags;

    public IReadOnlyList<TimelinePoint> Timeline => _timeline;

    /// <summary>Adds one measured interval.</summary>
    public void Add(IntervalSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        _total.Add(sample.Latency);
        Ok += sample.Ok;
        Failed += sample.Failed;
        AddAll(_errors, sample.ErrorsByStatus);
        AddAll(_tags, sample.Tags);
        var summary = LatencySummary.From(sample.Latency);
        _timeline.Add(new TimelinePoint(sample.Second, sample.Ok, sample.Failed, summary.P50, summary.P99, summary.Max, sample.Seconds));
    }

    /// <summary>The step's result over <paramref name="measured"/> seconds.</summary>
    public StepResult ToResult(TimeSpan measured) =>
        new(Name, Ok, Failed, measured, _total.Copy(), new Dictionary<string, long>(_errors), new Dictionary<string, long>(_tags), [.. _timeline]);

    /// <summary>
    /// Merges several steps' results into one (a scenario's total): counts add, histograms add,
    /// the timelines add point by point (percentiles of merged points come from the biggest step).
    /// </summary>
    public static StepResult Merge(string name, IReadOnlyList<StepResult> steps, TimeSpan measured)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var histogram = Histograms.Create();
        var errors = new Dictionary<string, long>(StringComparer.Ordinal);
        var tags = new Dictionary<string, long>(StringComparer.Ordinal);
        long ok = 0, failed = 0;
        foreach (var step in steps)
        {
            histogram.Add(step.Latency);
            ok += step.Ok;
            failed += step.Failed;
            AddAll(errors, step.ErrorsByStatus);
            AddAll(tags, step.Tags);
        }

        var timeline = steps
            .SelectMany(s => s.Timeline)
            .GroupBy(p => p.Second)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var biggest = g.MaxBy(p => p.Ok)!;
                return new TimelinePoint(g.Key, g.Sum(p => p.Ok), g.Sum(p => p.Failed), biggest.P50, g.Max(p => p.P99), g.Max(p => p.Max), g.Max(p => p.Seconds));
            })
            .ToList();
        return new StepResult(name, ok, failed, measured, histogram, errors, tags, timeline);
    }

    private static void AddAll(Dictionary<string, long> into, IReadOnlyDictionary<string, long> from)
    {
        foreach (var (key, value) in from)
        {
            into[key] = into.GetValueOrDefault(key) + value;
        }
    }
}
