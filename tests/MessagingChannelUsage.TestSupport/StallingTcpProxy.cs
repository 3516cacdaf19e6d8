using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MessagingChannelUsage.TestSupport;

/// <summary>
/// A loopback TCP proxy in front of a redis-server that can make pub/sub links go silent: after
/// <see cref="StallSubscriptions"/>, what the server sends on a connection that has sent SUBSCRIBE is
/// held (the connection stays open, nothing is lost or reordered) until <see cref="Release"/>. The
/// interactive connections keep flowing. That is a subscription that is up but receives nothing: a
/// stuck middlebox, a half-dead NAT entry, a frozen node behind a load balancer.
/// </summary>
public sealed class StallingTcpProxy : IAsyncDisposable
{
    private static readonly byte[] Subscribe = Encoding.ASCII.GetBytes("SUBSCRIBE");
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint upstream;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<TcpClient> clients = [];
    private readonly Task accepting;
    private TaskCompletionSource gate = Open();

    public StallingTcpProxy(IPEndPoint upstream)
    {
        this.upstream = upstream;
        listener.Start();
        accepting = AcceptAsync();
    }

    /// <summary>"127.0.0.1:port" of the proxy, for a StackExchange.Redis configuration string.</summary>
    public string Endpoint => "127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>From now on, hold what the server sends on subscription connections.</summary>
    public void StallSubscriptions()
    {
        if (Volatile.Read(ref gate).Task.IsCompleted)
        {
            Volatile.Write(ref gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    /// <summary>Deliver what was held, in order, and keep forwarding.</summary>
    public void Release() => Volatile.Read(ref gate).TrySetResult();

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        Release();
        listener.Stop();
        lock (clients)
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        try
        {
            await accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        stopping.Dispose();
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var downstream = await listener.AcceptTcpClientAsync(stopping.Token);
            var server = new TcpClient();
            await server.ConnectAsync(upstream, stopping.Token);
            lock (clients)
            {
                clients.Add(downstream);
                clients.Add(server);
            }

            var link = new Link();
            _ = PumpAsync(downstream.GetStream(), server.GetStream(), link, fromServer: false);
            _ = PumpAsync(server.GetStream(), downstream.GetStream(), link, fromServer: true);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, Link link, bool fromServer)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, stopping.Token);
                if (read == 0)
                {
                    break;
                }

                if (!fromServer && buffer.AsSpan(0, read).IndexOf(Subscribe) >= 0)
                {
                    link.IsSubscription = true;
                }

                if (fromServer && link.IsSubscription)
                {
                    await Volatile.Read(ref gate).Task.WaitAsync(stopping.Token);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), stopping.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // A side closed: close the other.
        }

        to.Close();
        from.Close();
    }

    private sealed class Link
    {
        private volatile bool isSubscription;

        public bool IsSubscription
        {
            get => isSubscription;
            set => isSubscription = value;
        }
    }
}
