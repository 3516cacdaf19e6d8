namespace MessagingChannelUsage.LoadTests.Engine;

/// <summary>
/// A named scenario: what one iteration does (a sequence of <see cref="Step.RunAsync"/> calls),
/// how it is set up and torn down, and the load to apply. Built fluently as in NBomber:
/// <c>ScenarioDefinition.Create("route_inbound", RunAsync).WithWarmUpDuration(…).WithLoadSimulations(…)</c>.
/// </summary>
public sealed record ScenarioDefinition
{
    private ScenarioDefinition(string name, Func<ScenarioContext, Task> run)
    {
        Name = name;
        Run = run;
    }

    public string Name { get; init; }

    /// <summary>One iteration. Steps inside it are measured; an exception outside a step is counted as a failed iteration.</summary>
    public Func<ScenarioContext, Task> Run { get; }

    /// <summary>Runs once before the load (create data, open streams). Its failure fails the run.</summary>
    public Func<CancellationToken, Task>? Init { get; init; }

    /// <summary>Runs once after the load (close streams).</summary>
    public Func<Task>? Clean { get; init; }

    public IReadOnlyList<LoadSimulation> Simulations { get; init; } = [];

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Open model: iterations allowed in flight at once. Past it the dispatcher waits, and
    /// the wait counts in the latency (measured from the planned start), so the report stays honest.</summary>
    public int MaxInFlight { get; init; } = 256;

    /// <summary>How long in-flight iterations may finish after the last phase before they are cancelled.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public static ScenarioDefinition Create(string name, Func<ScenarioContext, Task> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(run);
        return new ScenarioDefinition(name, run);
    }

    public ScenarioDefinition WithInit(Func<CancellationToken, Task> init) => this with { Init = init };

    public ScenarioDefinition WithClean(Func<Task> clean) => this with { Clean = clean };

    public ScenarioDefinition WithLoadSimulations(params LoadSimulation[] simulations) => this with { Simulations = simulations };

    public ScenarioDefinition WithWarmUpDuration(TimeSpan warmUp) => this with { WarmUp = warmUp };

    public ScenarioDefinition WithoutWarmUp() => this with { WarmUp = TimeSpan.Zero };

    public ScenarioDefinition WithMaxInFlight(int maxInFlight) => this with { MaxInFlight = maxInFlight };
}
