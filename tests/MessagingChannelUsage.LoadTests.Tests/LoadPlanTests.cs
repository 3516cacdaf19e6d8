using MessagingChannelUsage.LoadTests.Engine;

namespace MessagingChannelUsage.LoadTests.Tests;

public class LoadPlanTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Inject_ConstantRate_PlansEvenlySpacedStartsFromZero()
    {
        var plan = LoadPlan.Create([Simulation.Inject(100, Second, TimeSpan.FromSeconds(2))], TimeSpan.Zero);

        var starts = plan.IntendedStartTimes().ToList();

        Assert.True(plan.IsOpen);
        Assert.Equal(200, starts.Count);
        for (var k = 0; k < starts.Count; k++)
        {
            Assert.Equal(k / 100.0, starts[k], 9);
        }
    }

    [Fact]
    public void Inject_RatePerInterval_IsConvertedToPerSecond()
    {
        var plan = LoadPlan.Create([Simulation.Inject(50, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1))], TimeSpan.Zero);

        Assert.Equal(100, plan.IntendedStartTimes().Count());
        Assert.Equal(100, plan.LevelAt(TimeSpan.FromMilliseconds(300)), 9);
    }

    [Fact]
    public void RampingInject_FromZero_PlansStartsAtTheRootsOfTheQuadraticArea()
    {
        // rate(t) = 10·t over 10 s (0 → 100/s): area(t) = 5·t², so start k is at √(k/5).
        var plan = LoadPlan.Create([Simulation.RampingInject(100, Second, TimeSpan.FromSeconds(10))], TimeSpan.Zero);

        var starts = plan.IntendedStartTimes().ToList();

        Assert.Equal(500, starts.Count);
        Assert.Equal(plan.PlannedIterations, starts.Count);
        foreach (var k in new[] { 1, 20, 125, 499 })
        {
            Assert.Equal(Math.Sqrt(k / 5.0), starts[k], 9);
        }
    }

    [Fact]
    public void RampingInject_Down_StartsGetSparserAndStayInsideThePhase()
    {
        var plan = LoadPlan.Create(
            [Simulation.Inject(100, Second, Second), Simulation.RampingInject(0, Second, TimeSpan.FromSeconds(2))],
            TimeSpan.Zero);

        var starts = plan.IntendedStartTimes().ToList();
        var gaps = starts.Zip(starts.Skip(1), (a, b) => b - a).Skip(100).ToList();

        Assert.Equal(100 + 100, starts.Count);
        Assert.All(starts, t => Assert.InRange(t, 0, 3));
        Assert.True(gaps.Zip(gaps.Skip(1)).All(pair => pair.Second >= pair.First - 1e-9), "a falling rate spaces the starts further and further apart");
    }

    [Theory]
    [InlineData(0.0, 100.0, 10.0, 37.0)]
    [InlineData(100.0, 0.0, 2.0, 99.5)]
    [InlineData(50.0, 50.0, 3.0, 120.0)]
    [InlineData(10.0, 400.0, 1.0, 200.0)]
    public void SolveOffset_ReturnsTheTimeWhereTheAreaUnderTheRateReachesTheTarget(double r0, double r1, double d, double c)
    {
        var s = LoadPlan.SolveOffset(r0, r1, d, c);

        var a = (r1 - r0) / d;
        var area = (r0 * s) + (a * s * s / 2);
        Assert.Equal(c, area, 6);
        Assert.InRange(s, 0, d);
    }

    [Fact]
    public void WarmUp_IsPrependedAtTheFirstPhasesLevel()
    {
        var plan = LoadPlan.Create([Simulation.KeepConstant(8, TimeSpan.FromSeconds(10))], TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(13), plan.Total);
        Assert.Equal(8, plan.CopiesAt(TimeSpan.FromSeconds(1)));
        Assert.Equal(8, plan.CopiesAt(TimeSpan.FromSeconds(12)));
        Assert.Equal(0, plan.CopiesAt(TimeSpan.FromSeconds(14)));
    }

    [Fact]
    public void WarmUp_OfAnOpenPlan_StartsIterationsBeforeTheMeasuredPhase()
    {
        var plan = LoadPlan.Create([Simulation.Inject(10, Second, TimeSpan.FromSeconds(2))], TimeSpan.FromSeconds(1));

        var starts = plan.IntendedStartTimes().ToList();

        Assert.Equal(30, starts.Count);
        Assert.Equal(10, starts.Count(t => t < 1));
    }

    [Fact]
    public void RampingConstant_MovesCopiesLinearlyFromThePreviousPhase()
    {
        var plan = LoadPlan.Create(
            [Simulation.KeepConstant(10, TimeSpan.FromSeconds(5)), Simulation.RampingConstant(30, TimeSpan.FromSeconds(10))],
            TimeSpan.Zero);

        Assert.Equal(10, plan.CopiesAt(TimeSpan.FromSeconds(4)));
        Assert.Equal(20, plan.CopiesAt(TimeSpan.FromSeconds(10)));
        Assert.Equal(30, plan.CopiesAt(TimeSpan.FromSeconds(14.99)));
        Assert.Equal(30, plan.MaxCopies);
    }

    [Fact]
    public void Create_MixOfOpenAndClosedPhases_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => LoadPlan.Create(
            [Simulation.KeepConstant(1, Second), Simulation.Inject(1, Second, Second)], TimeSpan.Zero));

        Assert.Contains("cannot mix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NoPhases_IsRejected() =>
        Assert.Throws<ArgumentException>(() => LoadPlan.Create([], TimeSpan.Zero));

    [Fact]
    public void Pause_PlansNoIterations()
    {
        var plan = LoadPlan.Create(
            [Simulation.Inject(10, Second, Second), Simulation.Pause(Second), Simulation.Inject(10, Second, Second)], TimeSpan.Zero);

        var starts = plan.IntendedStartTimes().ToList();

        Assert.Equal(20, starts.Count);
        Assert.DoesNotContain(starts, t => t >= 1 && t < 2);
    }
}
