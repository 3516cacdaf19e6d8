namespace MessagingChannelUsage.LoadTests.Engine;

/// <summary>
/// One phase of load, in NBomber's vocabulary. A scenario runs its phases one after another.
/// Closed model (<see cref="KeepConstant"/>, <see cref="RampingConstant"/>): a fixed number of
/// copies each run iterations back to back, so a slow server slows the senders.
/// Open model (<see cref="Inject"/>, <see cref="RampingInject"/>): iterations start at planned
/// times whatever the server does, and latency is measured from the planned time.
/// </summary>
public abstract record LoadSimulation(TimeSpan During)
{
    /// <summary>True for the open (arrival-rate) model.</summary>
    public abstract bool IsOpen { get; }
}

/// <summary>Closed model: <paramref name="Copies"/> concurrent copies for the whole phase.</summary>
public sealed record KeepConstant(int Copies, TimeSpan During) : LoadSimulation(During)
{
    public override bool IsOpen => false;
}

/// <summary>Closed model: the number of copies moves linearly from the previous phase's to
/// <paramref name="Copies"/> over the phase.</summary>
public sealed record RampingConstant(int Copies, TimeSpan During) : LoadSimulation(During)
{
    public override bool IsOpen => false;
}

/// <summary>Open model: <paramref name="Rate"/> iterations per <paramref name="Interval"/>, evenly spaced.</summary>
public sealed record Inject(int Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation(During)
{
    public override bool IsOpen => true;

    /// <summary>Iterations per second.</summary>
    public double PerSecond => Rate / Interval.TotalSeconds;
}

/// <summary>Open model: the rate moves linearly from the previous phase's rate to
/// <paramref name="Rate"/> per <paramref name="Interval"/> over the phase.</summary>
public sealed record RampingInject(int Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation(During)
{
    public override bool IsOpen => true;

    /// <summary>Iterations per second at the end of the phase.</summary>
    public double PerSecond => Rate / Interval.TotalSeconds;
}

/// <summary>No load for the phase (either model).</summary>
public sealed record Pause(TimeSpan During) : LoadSimulation(During)
{
    public override bool IsOpen => false;
}

/// <summary>Factory methods named as in NBomber (<c>Simulation.Inject(rate, interval, during)</c>).</summary>
public static class Simulation
{
    public static LoadSimulation KeepConstant(int copies, TimeSpan during) => new KeepConstant(copies, during);

    public static LoadSimulation RampingConstant(int copies, TimeSpan during) => new RampingConstant(copies, during);

    public static LoadSimulation Inject(int rate, TimeSpan interval, TimeSpan during) => new Inject(rate, interval, during);

    public static LoadSimulation RampingInject(int rate, TimeSpan interval, TimeSpan during) =>
        new RampingInject(rate, interval, during);

    public static LoadSimulation Pause(TimeSpan during) => new Pause(during);
}
