using System.Net.Http;
using Grpc.Net.Client;

namespace MessagingChannelUsage.LoadTests.Grpc;

/// <summary>
/// A few gRPC channels to one address, each with its own HTTP/2 connection, handed out
/// round-robin. One connection caps concurrency at the server's stream limit (100 by default in
/// Kestrel) and funnels every frame through one socket; the runner opens as many as asked.
/// </summary>
public sealed class ChannelPool : IDisposable
{
    private readonly GrpcChannel[] _channels;

    public ChannelPool(Uri address, int connections)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        Address = address;
        _channels = [.. Enumerable.Range(0, connections).Select(_ => GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                // More than 100 concurrent calls on one channel open more connections instead of queueing.
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            },
            MaxReceiveMessageSize = 4 * 1024 * 1024,
        }))];
    }

    public Uri Address { get; }

    public int Count => _channels.Length;

    /// <summary>The channel for a copy or an iteration number (stable for a copy).</summary>
    public GrpcChannel For(long index) => _channels[(int)((ulong)index % (ulong)_channels.Length)];

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
