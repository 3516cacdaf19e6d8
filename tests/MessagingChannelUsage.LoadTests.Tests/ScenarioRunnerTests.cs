using Grpc.Core;
using MessagingChannelUsage.LoadTests.Engine;

namespace MessagingChannelUsage.LoadTests.Tests;

/// <summary>The runner against in-process steps (no network): counts, not timings, are asserted.</summary>
public class ScenarioRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Open_InjectForOneSecond_StartsExactlyThePlannedIterations()
    {
        var scenario = ScenarioDefinition
            .Create("open", context => Step.RunAsync("call", context, async () =>
            {
                await Task.Yield();
                return Response.Ok("A");
            }))
            .WithLoadSimulations(Simulation.Inject(40, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
            .WithoutWarmUp();

        using var cancellation = new CancellationTokenSource(Timeout);
        var result = await ScenarioRunner.RunAsync(scenario, "in-process", null, cancellation.Token);

        Assert.Equal(40, result.All.Ok);
        Assert.Equal(40, result.All.Tags["A"]);
        Assert.Equal(0, result.All.Failed);
        Assert.Equal(40, result.All.Latency.TotalCount);
    }

    [Fact]
    public async Task Closed_FailuresAreCountedByStatusAndExceptionsOutsideStepsByType()
    {
        var scenario = ScenarioDefinition
            .Create("closed", async context =>
            {
                if (context.InvocationNumber % 3 == 0)
                {
                    await Step.RunAsync("call", context, () => throw new RpcException(new Status(StatusCode.Unavailable, "down")));
                }
                else if (context.InvocationNumber % 3 == 1)
                {
                    await Step.RunAsync("call", context, () => Task.FromResult(Response.Ok()));
                }
                else
                {
                    throw new InvalidOperationException("outside a step");
                }

                await Task.Delay(5, context.CancellationToken);
            })
            .WithLoadSimulations(Simulation.KeepConstant(2, TimeSpan.FromSeconds(1)))
            .WithoutWarmUp();

        using var cancellation = new CancellationTokenSource(Timeout);
        var result = await ScenarioRunner.RunAsync(scenario, "in-process", null, cancellation.Token);

        var call = Assert.Single(result.Steps, s => s.Name == "call");
        var iteration = Assert.Single(result.Steps, s => s.Name == "iteration");
        Assert.True(call.Ok > 0);
        Assert.True(call.ErrorsByStatus["Unavailable"] > 0);
        Assert.True(iteration.ErrorsByStatus["client:InvalidOperationException"] > 0);
        Assert.Equal(call.Failed + iteration.Failed, result.All.Failed);
    }

    [Fact]
    public async Task Progress_IsReportedForEverySecondIncludingTheWarmUp()
    {
        var lines = new List<ProgressLine>();
        var scenario = ScenarioDefinition
            .Create("progress", context => Step.RunAsync("call", context, () => Task.FromResult(Response.Ok())))
            .WithLoadSimulations(Simulation.Inject(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
            .WithWarmUpDuration(TimeSpan.FromSeconds(1));

        using var cancellation = new CancellationTokenSource(Timeout);
        var result = await ScenarioRunner.RunAsync(scenario, "in-process", lines.Add, cancellation.Token);

        Assert.Contains(lines, l => l.WarmUp);
        Assert.Contains(lines, l => !l.WarmUp);
        Assert.Equal(40, lines.Sum(l => l.Ok));
        Assert.True(result.All.Ok <= 40 - 1, "the warm-up's answers are not in the result");
    }

    [Fact]
    public async Task Open_FirstStepLatency_IsMeasuredFromThePlannedStart()
    {
        // A window of one in flight makes later iterations wait for their turn; their latency must
        // include the wait. Every call takes at least 100 ms, so iteration k starts no earlier than
        // k·100 ms although it was planned at k·50 ms: a lower bound, not a timing guess.
        var scenario = ScenarioDefinition
            .Create("co", context => Step.RunAsync("call", context, async () =>
            {
                await Task.Delay(100, context.CancellationToken);
                return Response.Ok();
            }))
            .WithLoadSimulations(Simulation.Inject(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
            .WithMaxInFlight(1)
            .WithoutWarmUp();

        using var cancellation = new CancellationTokenSource(Timeout);
        var result = await ScenarioRunner.RunAsync(scenario, "in-process", null, cancellation.Token);

        // A runner that measured from the actual send would report about 100 ms for every call.
        Assert.True(result.InFlightLimitHits > 0);
        Assert.True(result.All.Summary.Max > 2 * 100, $"max {result.All.Summary.Max} ms should include the queueing behind the window");
    }

    [Fact]
    public async Task Open_InFlightNeverExceedsTheWindow_EvenWhenCallsAreSlowerThanTheRate()
    {
        var current = 0;
        var highest = 0;
        var scenario = ScenarioDefinition
            .Create("window", context => Step.RunAsync("call", context, async () =>
            {
                var now = Interlocked.Increment(ref current);
                InterlockedMax(ref highest, now);
                await Task.Delay(20, context.CancellationToken);
                Interlocked.Decrement(ref current);
                return Response.Ok();
            }))
            .WithLoadSimulations(Simulation.Inject(400, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
            .WithMaxInFlight(4)
            .WithoutWarmUp();
        var renamed = scenario with { Name = "window@50%" };

        using var cancellation = new CancellationTokenSource(Timeout);
        var result = await ScenarioRunner.RunAsync(renamed, "in-process", null, cancellation.Token);

        Assert.Equal("window@50%", result.Name);
        Assert.InRange(highest, 1, 4);
        Assert.True(result.InFlightLimitHits > 0);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
