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
    private readonly GrpcChannel[] channels;

    /// <param name="address">The server.</param>
    /// <param name="connections">HTTP/2 connections (one channel each).</param>
    /// <param name="token">Bearer token sent with every call (a gateway that requires authentication), or null.</param>
    public ChannelPool(Uri address, int connections, string? token = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        Address = address;
        this.channels = [.. Enumerable.Range(0, connections).Select(_ => GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = WithToken(token, new SocketsHttpHandler
            {
                // More than 100 concurrent calls on one channel open more connections instead of queueing.
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            }),
            MaxReceiveMessageSize = 4 * 1024 * 1024,
        }))];
    }

    public Uri Address { get; }

    public int Count => this.channels.Length;

    /// <summary>The channel for a copy or an iteration number (stable for a copy).</summary>
    public GrpcChannel For(long index) => this.channels[(int)((ulong)index % (ulong)this.channels.Length)];

    public void Dispose()
    {
        foreach (var channel in this.channels)
        {
            channel.Dispose();
        }
    }

    /// <summary>
    /// The token as a fixed header on every request (also over h2c: loopback load tests,
    /// security.md), not as per-call credentials: see <see cref="BearerHeaderHandler"/>.
    /// </summary>
    private static HttpMessageHandler WithToken(string? token, HttpMessageHandler handler)
        => string.IsNullOrWhiteSpace(token) ? handler : new BearerHeaderHandler(token, handler);
}
