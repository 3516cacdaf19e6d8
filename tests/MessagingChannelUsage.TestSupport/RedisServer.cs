using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MessagingChannelUsage.TestSupport;

/// <summary>
/// A private redis-server on a free loopback port, in its own temporary directory, with
/// persistence off. Can be stopped and started again on the same port (outage tests).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string[] extraArguments;
    private Process? process;

    private RedisServer(int port, string directory, string[] extraArguments)
    {
        Port = port;
        Directory = directory;
        this.extraArguments = extraArguments;
    }

    public int Port { get; }

    public string Directory { get; }

    /// <summary>"127.0.0.1:port", a StackExchange.Redis endpoint.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    public bool IsRunning => process is { HasExited: false };

    /// <summary>
    /// Starts a server on a free port and waits until it answers PING. A port found free can be
    /// taken before redis binds it (parallel test projects open many connections; a cluster node
    /// also needs port + 10000 for its bus), so a server that exits at start is retried on
    /// another port a few times.
    /// </summary>
    public static async Task<RedisServer> StartAsync(params string[] extraArguments)
    {
        const int attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            var directory = Path.Combine(Path.GetTempPath(), "mcu-redis-" + Guid.NewGuid().ToString("N")[..12]);
            System.IO.Directory.CreateDirectory(directory);
            var server = new RedisServer(FreePort(), directory, extraArguments);
            try
            {
                await server.StartAgainAsync();
                return server;
            }
            catch (RedisStartException) when (attempt < attempts)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Starts the (stopped) server again on the same port.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            return;
        }

        var start = new ProcessStartInfo("redis-server")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--dir", Directory })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in extraArguments)
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start (is it installed?).");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitForPingAsync();
    }

    /// <summary>Kills the server (an outage); <see cref="StartAgainAsync"/> brings it back on the same port.</summary>
    public async Task StopAsync()
    {
        if (process is { } running)
        {
            if (!running.HasExited)
            {
                running.Kill(entireProcessTree: true);
            }

            await running.WaitForExitAsync().WaitAsync(TaskTimeouts.Default);
            running.Dispose();
            process = null;
        }
    }

    /// <summary>Freezes (SIGSTOP) or thaws (SIGCONT) the server process: a stall the server cannot report.</summary>
    public async Task SignalAsync(string signal)
    {
        var pid = process?.Id ?? throw new InvalidOperationException("redis-server is not running.");
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync().WaitAsync(TaskTimeouts.Default);
    }

    /// <summary>Calls per command so far (INFO commandstats), e.g. "hmget" → 12.</summary>
    public async Task<Dictionary<string, long>> CommandCallsAsync()
    {
        var text = await CliAsync("info", "commandstats");
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("cmdstat_", StringComparison.Ordinal))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var count = line[(colon + 1)..].Split(',')[0];
                calls[line[8..colon]] = long.Parse(count["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return calls;
    }

    /// <summary>Runs redis-cli against this server and returns its output.</summary>
    public Task<string> CliAsync(params string[] arguments) =>
        RedisCli.RunAsync(["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. arguments]);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    /// <summary>A port that was free a moment ago (bind to 0, read it, release it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task WaitForPingAsync()
    {
        var deadline = DateTime.UtcNow + TaskTimeouts.Default;
        while (true)
        {
            if (process is { HasExited: true })
            {
                throw new RedisStartException($"redis-server exited with code {process.ExitCode} (port {Port}).");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"redis-server on port {Port} did not answer PING.");
            }

            await Task.Delay(20);
        }
    }
}
