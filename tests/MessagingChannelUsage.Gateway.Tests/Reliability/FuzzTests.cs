using Grpc.Health.V1;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace MessagingChannelUsage.Gateway.Tests.Reliability;

/// <summary>
/// Hostile bytes against every RPC (docs/reliability.md): random and mutated requests as raw
/// gRPC frames, a fixed seed, a few thousand calls. A client may get any status that describes its
/// mistake, never UNKNOWN or INTERNAL; the gateway keeps serving and its log stays quiet.
/// Rerun with the report: dotnet test tests/MessagingChannelUsage.Gateway.Tests -c Release
/// --filter "FullyQualifiedName~Reliability.FuzzTests" --logger "console;verbosity=detailed"
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20_261_201;
    private const int CallsPerMethod = 120;

    /// <summary>The demo channels (seeded on the embedded store), so some requests reach real records.</summary>
    private static readonly string[] KnownIds =
        ["0Mj0000000DEMO1CAP", "0Mj0000000DEMO2CAP", "0Mj0000000DEMO3CAP", "0Mj0000000DEMO4CAP", "0Mj0000000DEMO5CAP"];

    /// <summary>The logging a user runs with: the gateway's shipped defaults (appsettings.json).</summary>
    private static readonly KeyValuePair<string, string?>[] ShippedLogging =
    [
        new("Logging:LogLevel:Default", "Information"),
        new("Logging:LogLevel:Microsoft.AspNetCore", "Warning"),
        new("Logging:LogLevel:Grpc", "Warning"),
    ];

    [Fact]
    public async Task EveryRpc_GivenRandomAndMutatedBytes_AnswersOnlyStatusesAClientMayGet_AndKeepsServingQuietly()
    {
        await using var host = await GatewayHost.StartAsync(ShippedLogging, services => services.AddLogging(logging => logging.AddFakeLogging()));
        var collector = host.Services.GetFakeLogCollector();
        var methods = RpcCatalog.All();
        collector.Clear();

        var report = await new GrpcFuzzer(host.Address, Seed, KnownIds).RunAsync(methods, CallsPerMethod, parallelism: 8).WaitAsync(TimeSpan.FromMinutes(3));

        var records = collector.GetSnapshot();
        var calls = report.Outcomes.Count;
        output.WriteLine($"{calls} calls over {methods.Count} RPCs (seed {Seed}): {report.Summary()}");
        foreach (var line in report.UncommonStatusesByMethod())
        {
            output.WriteLine("  " + line);
        }

        output.WriteLine($"log records at Information or above: {records.Count} ({(double)records.Count / calls:F3} per call), with an exception: {records.Count(r => r.Exception is not null)}");
        foreach (var group in records.GroupBy(r => (r.Category, r.Id.Id, r.Level)).OrderByDescending(g => g.Count()).Take(10))
        {
            output.WriteLine($"  {group.Count()} × {group.Key.Level} {group.Key.Category} #{group.Key.Id}: {group.First().Message}");
        }

        Assert.True(methods.Count >= 23, $"expected every RPC of the contract, found {methods.Count}");
        Assert.True(report.Disallowed.Count == 0, $"{report.Disallowed.Count} calls got a status no client should see:{Environment.NewLine}{report.DisallowedExamples()}");
        var health = await new Health.HealthClient(host.Channel).CheckAsync(new HealthCheckRequest()).ResponseAsync.WithTimeout();
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.DoesNotContain(records, r => r.Level >= LogLevel.Warning || r.Exception is not null);
    }
}
