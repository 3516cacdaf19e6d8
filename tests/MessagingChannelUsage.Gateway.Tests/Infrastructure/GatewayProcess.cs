using System.Diagnostics;
using System.Globalization;
using MessagingChannelUsage.Gateway.Tests.Operability;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Gateway.Tests.Infrastructure;

/// <summary>
/// The gateway binary built beside the tests, run as its own process (what an operator runs), so
/// a test can kill it with SIGKILL. It listens on a fixed free port, so a restart comes back at the
/// same address as an orchestrator's replacement would.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly (string Name, string Value)[] variables;
    private readonly int port = RedisServer.FreePort();
    private Process? process;

    private GatewayProcess((string Name, string Value)[] variables) => this.variables = variables;

    /// <summary>http://127.0.0.1:port of the gRPC listener (the same across restarts).</summary>
    public Uri Address => new($"http://127.0.0.1:{port}");

    /// <summary>The path of the gateway binary built beside this test binary (same configuration and target framework).</summary>
    public static string BinaryPath()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = RepositoryFiles.PathOf("src", "MessagingChannelUsage.Gateway", "bin", tfm.Parent!.Name, tfm.Name, "MessagingChannelUsage.Gateway.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"the gateway is not built at {dll}", dll);
        }

        return dll;
    }

    /// <summary>
    /// How to start the gateway binary with <paramref name="variables"/> and none of the test
    /// process's own settings (Production environment, REST listener off, metrics on port 0).
    /// </summary>
    public static ProcessStartInfo StartInfo(params (string Name, string Value)[] variables)
    {
        var dll = BinaryPath();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Gateway__Urls"] = $"http://127.0.0.1:{RedisServer.FreePort()}";
        start.Environment["Telemetry__PrometheusPort"] = "0";

        // Off: the default REST port 5052 may be held by another gateway on this machine.
        start.Environment["Gateway__RestUrls"] = string.Empty;
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>Starts the gateway binary and waits until its gRPC health check answers SERVING.</summary>
    public static async Task<GatewayProcess> StartAsync(params (string Name, string Value)[] variables)
    {
        var gateway = new GatewayProcess(variables);
        await gateway.StartAgainAsync();
        return gateway;
    }

    /// <summary>Starts the binary again (after <see cref="Kill"/>) on the same port and waits until it serves.</summary>
    public async Task StartAgainAsync()
    {
        var start = StartInfo([.. variables, ("Gateway__Urls", Address.ToString().TrimEnd('/'))]);
        process = Process.Start(start)!;

        // Drained so a chatty start never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var serving = await TaskTimeouts.EventuallyAsync(ServingAsync, TaskTimeouts.Default + TaskTimeouts.Default);
        if (!serving)
        {
            Kill();
            throw new InvalidOperationException($"the gateway process at {Address} did not report SERVING");
        }
    }

    /// <summary>Whether the process answers its gRPC health check with SERVING (a fresh channel each time: no reconnect backoff).</summary>
    private async Task<bool> ServingAsync()
    {
        if (process!.HasExited)
        {
            throw new InvalidOperationException($"the gateway process exited with code {process.ExitCode.ToString(CultureInfo.InvariantCulture)} while starting");
        }

        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(Address);
        try
        {
            var answer = await new Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(1));
            return answer.Status == Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving;
        }
        catch (Grpc.Core.RpcException)
        {
            await Task.Delay(100);
            return false;
        }
    }

    /// <summary>kill -9: the process ends at once, without its shutdown (no drain, nothing flushed).</summary>
    public void Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: false);
            process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process?.Dispose();
        return ValueTask.CompletedTask;
    }
}
