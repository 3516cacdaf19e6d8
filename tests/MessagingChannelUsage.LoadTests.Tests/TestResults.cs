using MessagingChannelUsage.LoadTests.Engine;
using MessagingChannelUsage.LoadTests.Stats;

namespace MessagingChannelUsage.LoadTests.Tests;

/// <summary>Builds results from known latencies, so tests can check what reports and thresholds do with them.</summary>
internal static class TestResults
{
    public static StepResult Step(string name, IEnumerable<long> okMicros, IReadOnlyDictionary<string, long>? errors = null, double seconds = 10)
    {
        var aggregate = new StepAggregate(name);
        var second = 1;
        foreach (var chunk in okMicros.Chunk(100))
        {
            var histogram = Histograms.Create();
            foreach (var value in chunk)
            {
                histogram.RecordValue(value);
            }

            aggregate.Add(new IntervalSample(second++, histogram, chunk.Length, 0, new Dictionary<string, long>(), new Dictionary<string, long> { ["SERVICE_ONLY"] = chunk.Length }));
        }

        if (errors is not null)
        {
            aggregate.Add(new IntervalSample(second, Histograms.Create(), 0, errors.Values.Sum(), errors, new Dictionary<string, long>()));
        }

        return aggregate.ToResult(TimeSpan.FromSeconds(seconds));
    }

    public static ScenarioResult Scenario(string name, StepResult step) =>
        new(name, "http://127.0.0.1:1/", "KeepConstant(copies: 1, during: 10s)", DateTimeOffset.UnixEpoch, step.Measured, [step], step with { Name = name }, LatencySummary.Empty, 0);
}
