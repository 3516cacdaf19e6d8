using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>
/// The gateway binary started wrongly, as an operator would: each wrong start ends with exit
/// code 1 and one line per problem on stderr naming the setting or the port and what to do, no
/// stack trace, and nothing logged as done (no demo data seeded) before the failure.
/// </summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task AGrpcPortInUse_NamesThePortAndGatewayUrls()
    {
        using var occupied = Occupy();
        var port = ((IPEndPoint)occupied.LocalEndpoint).Port;

        var run = await RunGatewayAsync(("Gateway__Urls", $"http://127.0.0.1:{port}"), ("Telemetry__PrometheusPort", "0"));

        var line = Assert.Single(run.ErrorLines);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: port {port} on 127.0.0.1 (gRPC) is already in use (Gateway:Urls)", line, StringComparison.Ordinal);
        Assert.Contains("Gateway__Urls=", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Seeded", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMetricsPortInUse_NamesTelemetryPrometheusPort()
    {
        using var occupied = Occupy();
        var port = ((IPEndPoint)occupied.LocalEndpoint).Port;

        var run = await RunGatewayAsync(("Gateway__Urls", "http://127.0.0.1:0"), ("Telemetry__PrometheusPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var line = Assert.Single(run.ErrorLines);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: the metrics port {port} on 127.0.0.1 is already in use (Telemetry:PrometheusPort)", line, StringComparison.Ordinal);
        Assert.Contains("Telemetry__PrometheusPort", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Seeded", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownStoreKind_ListsMemoryAndRedis()
    {
        var run = await RunGatewayAsync(("Store__Kind", "Redsi"));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["error: Store:Kind = 'Redsi' is not one of Memory, Redis (environment variable Store__Kind)."], run.ErrorLines);
    }

    [Fact]
    public async Task ADurationWithoutTheFormat_ShowsTheFormat()
    {
        var run = await RunGatewayAsync(("Store__SessionGrace", "48h"));

        var line = Assert.Single(run.ErrorLines);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: Store:SessionGrace = '48h' is not a duration: write [d.]hh:mm:ss, e.g. 2.00:00:00 for 48 hours or 00:00:30 for 30 seconds (environment variable Store__SessionGrace).", line);
    }

    [Fact]
    public async Task ASwitchThatIsNeitherTrueNorFalse_SaysSo()
    {
        var run = await RunGatewayAsync(("Gateway__IdleMemoryTrim", "sometimes"));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["error: Gateway:IdleMemoryTrim = 'sometimes' is not true or false (environment variable Gateway__IdleMemoryTrim)."], run.ErrorLines);
    }

    [Fact]
    public async Task SeveralValidationFailures_GiveOneLineEach()
    {
        var run = await RunGatewayAsync(("Gateway__MaxReceiveMessageSize", "1"), ("Gateway__StreamWindow", "0"));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(2, run.ErrorLines.Count);
        Assert.All(run.ErrorLines, l => Assert.StartsWith("error: ", l, StringComparison.Ordinal));
        Assert.Contains(run.ErrorLines, l => l.StartsWith("error: Gateway:MaxReceiveMessageSize must be between", StringComparison.Ordinal));
        Assert.Contains(run.ErrorLines, l => l.StartsWith("error: Gateway:StreamWindow must be between 1 and 1024 (got 0)", StringComparison.Ordinal));
        Assert.DoesNotContain("Seeded", run.Output, StringComparison.Ordinal);
    }

    private static TcpListener Occupy()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private sealed record GatewayRun(int ExitCode, string Output, IReadOnlyList<string> ErrorLines);

    /// <summary>Runs the gateway's own build output with these variables (and no others of ours) until it exits.</summary>
    private static async Task<GatewayRun> RunGatewayAsync(params (string Name, string Value)[] variables)
    {
        var start = GatewayProcess.StartInfo(variables);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // a hang guard, not a timing
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the gateway did not stop after a wrong start: {await output}");
        }

        var errorLines = (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new GatewayRun(process.ExitCode, await output, errorLines);
    }
}
