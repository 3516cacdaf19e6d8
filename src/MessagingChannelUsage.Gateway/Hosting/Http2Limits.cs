using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>
/// Kestrel's limits, set on purpose (docs/reliability.md#kestrel-limits). The defaults let one
/// client make Kestrel buffer 768 KB of requests per stream and 64 KB of answers per stream
/// before anything pushes back; with 100 streams per connection that is ~80 MB per connection.
/// These keep each stream's buffers near one HTTP/2 window, so a slow or hostile client costs
/// little memory, while a window still holds hundreds of routing requests (no throughput cost on
/// a LAN).
/// </summary>
internal static class Http2Limits
{
    /// <summary>Concurrent streams per connection (Kestrel's default, stated): connectors multiplex on few connections.</summary>
    public const int MaxStreamsPerConnection = 100;

    /// <summary>
    /// Request bytes Kestrel buffers per stream before the handler reads them (default 768 KB):
    /// HTTP/2's initial window, 64 KB − 1, the least Kestrel accepts. Still ~1,000 routing requests
    /// in flight per stream; each stream a client fills costs this much of Kestrel's pinned blocks.
    /// </summary>
    public const int InitialStreamWindowSize = 65_535;

    /// <summary>Request bytes buffered per connection over all its streams (default 1 MB).</summary>
    public const int InitialConnectionWindowSize = 512 * 1024;

    /// <summary>Answer bytes buffered per stream before a flush waits (default 64 KB): what a client that does not read costs.</summary>
    public const int MaxResponseBufferSize = 32 * 1024;

    public static void Apply(KestrelServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.Http2.MaxStreamsPerConnection = MaxStreamsPerConnection;
        limits.Http2.InitialStreamWindowSize = InitialStreamWindowSize;
        limits.Http2.InitialConnectionWindowSize = InitialConnectionWindowSize;
        limits.MaxResponseBufferSize = MaxResponseBufferSize;

        // A peer that stops answering pings (a dead NAT entry, a frozen client) is dropped
        // instead of holding its streams forever.
        limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
        limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
    }
}
