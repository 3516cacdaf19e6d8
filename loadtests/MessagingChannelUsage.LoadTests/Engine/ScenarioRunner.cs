using System.Diagnostics;
using MessagingChannelUsage.LoadTests.Stats;

namespace MessagingChannelUsage.LoadTests.Engine;

/// <summary>
/// Applies a scenario's load plan, samples its statistics once a second (progress line, timeline)
/// and returns what it measured after the warm-up.
/// </summary>
public static class ScenarioRunner
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    public static async Task<ScenarioResult> RunAsync(
        ScenarioDefinition scenario,
        string target,
        Action<ProgressLine>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var plan = LoadPlan.Create(scenario.Simulations, scenario.WarmUp);
        if (scenario.Init is not null)
        {
            await scenario.Init(cancellationToken);
        }

        var stats = new ScenarioStats();
        var aggregates = new Dictionary<string, StepAggregate>(StringComparer.Ordinal);
        var lag = new StepAggregate("scheduler-lag");
        var startedAt = DateTimeOffset.UtcNow;
        using var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var start = Stopwatch.GetTimestamp();
        var load = plan.IsOpen
            ? RunOpenAsync(scenario, plan, stats, start, runCancellation)
            : RunClosedAsync(scenario, plan, stats, start, runCancellation);

        var second = 0;
        var lastSampleAt = start;
        var warmUpSeconds = (int)Math.Ceiling(plan.WarmUp.TotalSeconds);
        using (var timer = new PeriodicTimer(Tick))
        {
            while (!load.IsCompleted)
            {
                var tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
                await Task.WhenAny(tick, load);
                if (!tick.IsCompleted)
                {
                    break; // the load ended between ticks; the last partial second is sampled below
                }

                second++;
                Sample(second, second > warmUpSeconds);
            }
        }

        await load;
        second++;
        Sample(second, second > warmUpSeconds);
        var measured = Stopwatch.GetElapsedTime(start) - TimeSpan.FromSeconds(warmUpSeconds);
        if (measured < TimeSpan.Zero)
        {
            measured = TimeSpan.Zero;
        }

        if (scenario.Clean is not null)
        {
            await scenario.Clean();
        }

        var steps = aggregates.Values.Select(a => a.ToResult(measured)).ToList();
        var all = steps.Count == 1 ? steps[0] with { Name = scenario.Name } : StepAggregate.Merge(scenario.Name, steps, measured);
        return new ScenarioResult(
            scenario.Name,
            target,
            Describe(scenario),
            startedAt,
            measured,
            steps,
            all,
            LatencySummary.From(lag.Total),
            stats.InFlightLimitHits);

        void Sample(int s, bool measuredInterval)
        {
            var now = Stopwatch.GetTimestamp();
            var intervalSeconds = Stopwatch.GetElapsedTime(lastSampleAt, now).TotalSeconds;
            lastSampleAt = now;
            long ok = 0, failed = 0;
            double p50 = 0, p99 = 0;
            foreach (var recorder in stats.Steps)
            {
                var sample = recorder.TakeInterval(s, intervalSeconds);
                if (!aggregates.TryGetValue(recorder.Name, out var aggregate))
                {
                    aggregates[recorder.Name] = aggregate = new StepAggregate(recorder.Name);
                }

                if (measuredInterval)
                {
                    aggregate.Add(sample);
                }

                ok += sample.Ok;
                failed += sample.Failed;
                var summary = LatencySummary.From(sample.Latency);
                p50 = Math.Max(p50, summary.P50);
                p99 = Math.Max(p99, summary.P99);
            }

            var lagSample = stats.SchedulerLag.TakeInterval(s, intervalSeconds);
            if (measuredInterval)
            {
                lag.Add(lagSample);
            }

            progress?.Invoke(new ProgressLine(
                scenario.Name, s, !measuredInterval, plan.LevelAt(TimeSpan.FromSeconds(s)), plan.IsOpen, ok, failed, p50, p99, stats.InFlight));
        }
    }

    private static string Describe(ScenarioDefinition scenario) =>
        string.Join(", ", scenario.Simulations.Select(s => s switch
        {
            KeepConstant k => $"KeepConstant(copies: {k.Copies}, during: {k.During.TotalSeconds:0.#}s)",
            RampingConstant r => $"RampingConstant(copies: {r.Copies}, during: {r.During.TotalSeconds:0.#}s)",
            Inject i => $"Inject(rate: {i.Rate}, interval: {i.Interval.TotalSeconds:0.###}s, during: {i.During.TotalSeconds:0.#}s)",
            RampingInject r => $"RampingInject(rate: {r.Rate}, interval: {r.Interval.TotalSeconds:0.###}s, during: {r.During.TotalSeconds:0.#}s)",
            Pause p => $"Pause({p.During.TotalSeconds:0.#}s)",
            _ => s.ToString(),
        })) + (scenario.WarmUp > TimeSpan.Zero ? $"; warm-up {scenario.WarmUp.TotalSeconds:0.#}s" : string.Empty);

    /// <summary>Closed model: one worker per copy; a worker above the current copy count idles.</summary>
    private static async Task RunClosedAsync(
        ScenarioDefinition scenario, LoadPlan plan, ScenarioStats stats, long start, CancellationTokenSource run)
    {
        long invocation = -1;
        var workers = Enumerable.Range(0, plan.MaxCopies).Select(copy => Task.Run(async () =>
        {
            while (!run.IsCancellationRequested)
            {
                var elapsed = Stopwatch.GetElapsedTime(start);
                if (elapsed >= plan.Total)
                {
                    return;
                }

                if (copy >= plan.CopiesAt(elapsed))
                {
                    await DelayQuietly(TimeSpan.FromMilliseconds(10), run.Token);
                    continue;
                }

                var context = new ScenarioContext(stats, copy, Interlocked.Increment(ref invocation), 0, run.Token);
                await RunIterationAsync(scenario, context, stats);
            }
        })).ToList();

        var all = Task.WhenAll(workers);
        await WaitForDrainAsync(all, plan.Total + scenario.DrainTimeout - Stopwatch.GetElapsedTime(start), run);
    }

    /// <summary>
    /// Open model: starts iteration k at its planned time whatever is still in flight. A dispatch
    /// can only be late (timer granularity, a full in-flight window), never early, and the
    /// iteration's first step measures from the planned time, so lateness shows in the latency.
    /// </summary>
    private static async Task RunOpenAsync(
        ScenarioDefinition scenario, LoadPlan plan, ScenarioStats stats, long start, CancellationTokenSource run)
    {
        // Not disposed: iterations cancelled at the drain deadline may still release it afterwards.
        var window = new SemaphoreSlim(scenario.MaxInFlight);
        var outstanding = new Outstanding();
        var dispatched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The clock runs on its own thread: on a busy 2-core box a timer continuation queued behind
        // the thread pool's work came 2-3 ms late at the median; a dedicated thread that sleeps is
        // woken by the kernel within about a millisecond. It only sleeps and hands work to the pool.
        var clock = new Thread(() =>
        {
            try
            {
                Dispatch(scenario, plan, stats, start, window, outstanding, run.Token);
            }
            catch (OperationCanceledException) when (run.IsCancellationRequested)
            {
                // cancelled from outside: fall through to the drain
            }
            finally
            {
                dispatched.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = "open-model clock",
            Priority = ThreadPriority.AboveNormal,
        };
        clock.Start();
        await dispatched.Task;
        outstanding.Done(); // the dispatcher's own count
        await WaitForDrainAsync(outstanding.AllDone, plan.Total + scenario.DrainTimeout - Stopwatch.GetElapsedTime(start), run);
    }

    /// <summary>The open-model clock's loop (on its own thread; see <see cref="RunOpenAsync"/>).</summary>
    private static void Dispatch(
        ScenarioDefinition scenario, LoadPlan plan, ScenarioStats stats, long start,
        SemaphoreSlim window, Outstanding outstanding, CancellationToken cancellationToken)
    {
        long invocation = 0;
        foreach (var offset in plan.IntendedStartTimes())
        {
            var due = start + (long)(offset * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                // Millisecond sleeps, rounded up: never early; iterations due meanwhile go out together.
                cancellationToken.ThrowIfCancellationRequested();
                Thread.Sleep(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)));
            }

            if (!window.Wait(0, cancellationToken))
            {
                // The window is full: this thread waits (it has nothing else to do), the lateness
                // is recorded as scheduling lag and lands in the iteration's latency.
                stats.InFlightLimitHit();
                window.Wait(cancellationToken);
            }

            stats.SchedulerLag.RecordOk((Stopwatch.GetTimestamp() - due) * 1_000_000 / Stopwatch.Frequency, null);
            var context = new ScenarioContext(stats, -1, invocation++, due, cancellationToken);
            outstanding.Add();
            _ = Task.Run(() => RunDispatchedAsync(scenario, context, stats, window, outstanding), CancellationToken.None);
        }
    }

    private static async Task RunDispatchedAsync(
        ScenarioDefinition scenario, ScenarioContext context, ScenarioStats stats, SemaphoreSlim window, Outstanding outstanding)
    {
        try
        {
            await RunIterationAsync(scenario, context, stats);
        }
        finally
        {
            window.Release();
            outstanding.Done();
        }
    }

    private static async Task RunIterationAsync(ScenarioDefinition scenario, ScenarioContext context, ScenarioStats stats)
    {
        stats.IterationStarted();
        try
        {
            await scenario.Run(context);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // the run ended mid-iteration
        }
#pragma warning disable CA1031 // A failure outside a step is counted, not fatal to the run.
        catch (Exception e)
#pragma warning restore CA1031
        {
            stats.Step("iteration").RecordFailure("client:" + e.GetType().Name);
        }
        finally
        {
            stats.IterationEnded();
        }
    }

    /// <summary>Waits for in-flight work to finish, cancelling it when <paramref name="budget"/> runs out.</summary>
    private static async Task WaitForDrainAsync(Task work, TimeSpan budget, CancellationTokenSource run)
    {
        if (budget < TimeSpan.FromSeconds(1))
        {
            budget = TimeSpan.FromSeconds(1);
        }

        if (await Task.WhenAny(work, Task.Delay(budget, CancellationToken.None)) != work)
        {
            await run.CancelAsync();
            await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        }
    }

    private static async Task DelayQuietly(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // the run is ending; the caller's loop checks the token
        }
    }

    /// <summary>Counts dispatched iterations still running (plus one for the dispatcher).</summary>
    private sealed class Outstanding
    {
        private readonly TaskCompletionSource allDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long count = 1;

        public Task AllDone => allDone.Task;

        public void Add() => Interlocked.Increment(ref this.count);

        public void Done()
        {
            if (Interlocked.Decrement(ref this.count) == 0)
            {
                allDone.TrySetResult();
            }
        }
    }
}
