using HdrHistogram;

namespace MessagingChannelUsage.LoadTests.Stats;

/// <summary>
/// Adds up a step's interval samples into its totals and its timeline. Pure (single-threaded):
/// the runner feeds it once a second. Samples of the warm-up go to the progress line only.
/// </summary>
public sealed class StepAggregate
{
    private readonly LongHistogram total = Histograms.Create();
    private readonly Dictionary<string, long> errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> tags = new(StringComparer.Ordinal);
    private readonly List<TimelinePoint> timeline = [];

    public StepAggregate(string name) => Name = name;

    public string Name { get; }

    public long Ok { get; private set; }

    public long Failed { get; private set; }

    public HistogramBase Total => this.total;

    public IReadOnlyDictionary<string, long> ErrorsByStatus => this.errors;

    public IReadOnlyDictionary<string, long> Tags => this.tags;

    public IReadOnlyList<TimelinePoint> Timeline => this.timeline;

    /// <summary>Adds one measured interval.</summary>
    public void Add(IntervalSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        this.total.Add(sample.Latency);
        Ok += sample.Ok;
        Failed += sample.Failed;
        AddAll(this.errors, sample.ErrorsByStatus);
        AddAll(this.tags, sample.Tags);
        var summary = LatencySummary.From(sample.Latency);
        this.timeline.Add(new TimelinePoint(sample.Second, sample.Ok, sample.Failed, summary.P50, summary.P99, summary.Max, sample.Seconds));
    }

    /// <summary>The step's result over <paramref name="measured"/> seconds.</summary>
    public StepResult ToResult(TimeSpan measured) =>
        new(Name, Ok, Failed, measured, this.total.Copy(), new Dictionary<string, long>(this.errors), new Dictionary<string, long>(this.tags), [.. this.timeline]);

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
