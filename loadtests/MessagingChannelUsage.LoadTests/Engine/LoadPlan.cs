namespace MessagingChannelUsage.LoadTests.Engine;

/// <summary>
/// The phases of a scenario compiled into straight-line segments of "load level" over time
/// (copies for the closed model, iterations per second for the open one), with the warm-up
/// prepended. Pure: the runner asks it what to do at time t, the tests check its arithmetic.
/// </summary>
public sealed class LoadPlan
{
    private readonly Segment[] segments;

    private LoadPlan(Segment[] segments, bool isOpen, TimeSpan warmUp)
    {
        this.segments = segments;
        IsOpen = isOpen;
        WarmUp = warmUp;
        Total = segments.Length == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(segments[^1].End);
    }

    /// <summary>One straight piece: the level goes from <see cref="From"/> to <see cref="To"/>
    /// between <see cref="Start"/> and <see cref="End"/> (seconds from the plan's start).</summary>
    public readonly record struct Segment(double Start, double End, double From, double To)
    {
        public double Duration => End - Start;

        public double LevelAt(double t) =>
            Duration <= 0 ? To : From + ((To - From) * Math.Clamp((t - Start) / Duration, 0, 1));

        /// <summary>For the open model: iterations planned in the whole segment (the area under the rate).</summary>
        public double Area => (From + To) / 2 * Duration;
    }

    /// <summary>Open (arrival-rate) model; otherwise closed (concurrency).</summary>
    public bool IsOpen { get; }

    /// <summary>The first part of <see cref="Total"/>, whose results are not reported.</summary>
    public TimeSpan WarmUp { get; }

    /// <summary>Warm-up plus every phase.</summary>
    public TimeSpan Total { get; }

    public IReadOnlyList<Segment> Segments => this.segments;

    /// <summary>
    /// Compiles <paramref name="simulations"/>; a non-zero <paramref name="warmUp"/> is prepended as a
    /// constant phase at the first phase's target level (the level the run is about to measure).
    /// </summary>
    /// <exception cref="ArgumentException">Empty list, a mix of open and closed phases, or a
    /// negative or zero size.</exception>
    public static LoadPlan Create(IReadOnlyList<LoadSimulation> simulations, TimeSpan warmUp)
    {
        ArgumentNullException.ThrowIfNull(simulations);
        if (simulations.Count == 0)
        {
            throw new ArgumentException("A scenario needs at least one load simulation.", nameof(simulations));
        }

        var open = simulations.Any(s => s.IsOpen);
        if (open && simulations.Any(s => s is KeepConstant or RampingConstant))
        {
            throw new ArgumentException(
                "A scenario cannot mix the closed model (KeepConstant, RampingConstant) with the open model (Inject, RampingInject).",
                nameof(simulations));
        }

        if (warmUp < TimeSpan.Zero)
        {
            throw new ArgumentException("The warm-up cannot be negative.", nameof(warmUp));
        }

        var segments = new List<Segment>(simulations.Count + 1);
        var t = 0.0;
        if (warmUp > TimeSpan.Zero)
        {
            var warmLevel = simulations.Select(TargetLevel).FirstOrDefault(l => l > 0);
            segments.Add(new Segment(0, warmUp.TotalSeconds, warmLevel, warmLevel));
            t = warmUp.TotalSeconds;
        }

        // A ramp starts from the previous measured phase's level (0 for the first), as in NBomber.
        var previous = 0.0;
        foreach (var simulation in simulations)
        {
            if (simulation.During <= TimeSpan.Zero)
            {
                throw new ArgumentException($"Every phase needs a positive duration ({simulation}).", nameof(simulations));
            }

            var target = TargetLevel(simulation);
            if (target < 0 || double.IsNaN(target) || double.IsInfinity(target))
            {
                throw new ArgumentException($"Load cannot be negative ({simulation}).", nameof(simulations));
            }

            var from = simulation is RampingConstant or RampingInject ? previous : target;
            var end = t + simulation.During.TotalSeconds;
            segments.Add(new Segment(t, end, from, target));
            previous = target;
            t = end;
        }

        return new LoadPlan([.. segments], open, warmUp);
    }

    private static double TargetLevel(LoadSimulation simulation) => simulation switch
    {
        KeepConstant k => k.Copies,
        RampingConstant r => r.Copies,
        Inject i => i.PerSecond,
        RampingInject r => r.PerSecond,
        _ => 0,
    };

    /// <summary>The level (copies, or iterations per second) at <paramref name="elapsed"/>; 0 after the end.</summary>
    public double LevelAt(TimeSpan elapsed)
    {
        var t = elapsed.TotalSeconds;
        foreach (var segment in this.segments)
        {
            if (t < segment.End)
            {
                return t < segment.Start ? 0 : segment.LevelAt(t);
            }
        }

        return 0;
    }

    /// <summary>Closed model: how many copies should be running at <paramref name="elapsed"/> (rounded).</summary>
    public int CopiesAt(TimeSpan elapsed) => (int)Math.Round(LevelAt(elapsed), MidpointRounding.AwayFromZero);

    /// <summary>Closed model: the most copies any moment needs (how many workers to start).</summary>
    public int MaxCopies => this.segments.Length == 0
        ? 0
        : (int)Math.Ceiling(this.segments.Max(s => Math.Max(s.From, s.To)));

    /// <summary>Open model: how many iterations the whole plan starts (rounded down).</summary>
    public long PlannedIterations => (long)Math.Floor(this.segments.Sum(s => s.Area) + 1e-9);

    /// <summary>
    /// Open model: the planned start of every iteration, in seconds from the plan's start, in
    /// order. Iteration k starts when the area under the rate curve reaches k, so a constant rate r
    /// gives 0, 1/r, 2/r, … and a linear ramp gives the roots of a quadratic. The runner measures
    /// each iteration's latency from this time, not from when it managed to send (no coordinated
    /// omission).
    /// </summary>
    public IEnumerable<double> IntendedStartTimes()
    {
        var done = 0.0;      // area of the segments already walked
        long k = 0;          // next iteration number
        foreach (var segment in this.segments)
        {
            var area = segment.Area;
            while (k < done + area - 1e-9)
            {
                var s = SolveOffset(segment.From, segment.To, segment.Duration, k - done);
                if (double.IsNaN(s))
                {
                    break;
                }

                yield return segment.Start + Math.Min(s, segment.Duration);
                k++;
            }

            done += area;
        }
    }

    /// <summary>
    /// The offset s in a segment where the area under a rate going linearly from r0 to r1 over d
    /// reaches c: r0·s + a·s²/2 = c with a = (r1 − r0)/d. Written as 2c / (r0 + √(r0² + 2ac)),
    /// which is stable for rising, falling and flat rates alike.
    /// </summary>
    public static double SolveOffset(double r0, double r1, double d, double c)
    {
        if (c <= 0)
        {
            return 0;
        }

        var a = (r1 - r0) / d;
        var discriminant = (r0 * r0) + (2 * a * c);
        if (discriminant < 0)
        {
            return double.NaN;
        }

        var denominator = r0 + Math.Sqrt(discriminant);
        return denominator <= 0 ? double.NaN : 2 * c / denominator;
    }
}
