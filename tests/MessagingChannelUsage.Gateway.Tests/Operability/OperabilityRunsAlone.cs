namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>
/// Tests that count metrics or watch process-wide listeners run alone: an OpenTelemetry meter
/// provider listens to Meters by name, so another host routing at the same time could add to
/// the counts being checked.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OperabilityRunsAlone
{
    public const string Name = "Operability (alone)";
}
