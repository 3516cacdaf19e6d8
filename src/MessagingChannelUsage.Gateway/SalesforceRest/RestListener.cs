using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MessagingChannelUsage.Gateway.SalesforceRest;

/// <summary>
/// The REST listener(s) of Gateway:RestUrls: HTTP/1.1 on http:// (Salesforce tools and curl speak
/// it; Kestrel offers HTTP/2 next to HTTP/1.1 only through TLS/ALPN, so asking for both on
/// cleartext would only log a warning at every start), HTTP/1.1 and HTTP/2 on https://. The gRPC
/// listeners stay HTTP/2-only. Remembers its listen options so requests
/// are told apart by local port, also when port 0 picked one at start.
/// </summary>
internal sealed class RestListener
{
    private readonly List<ListenOptions> listeners = [];

    /// <summary>The bound ports once Kestrel started (empty when REST is off).</summary>
    public IReadOnlyList<int> Ports => [.. listeners.Select(l => l.IPEndPoint?.Port ?? 0).Where(p => p != 0)];

    /// <summary>http://127.0.0.1:port of the first REST listener once started; null when off.</summary>
    public Uri? Address => Ports.Count > 0 ? new Uri($"http://127.0.0.1:{Ports[0]}") : null;

    internal bool Serves(HttpContext context) => Ports.Contains(context.Connection.LocalPort);

    /// <summary>An https:// REST URL gets TLS through <paramref name="https"/> (the gRPC listeners' certificate).</summary>
    internal void Listen(KestrelServerOptions kestrel, string urls, Action<ListenOptions> https)
        => Hosting.KestrelUrlListeners.Listen(
            kestrel,
            urls,
            HttpProtocols.Http1,
            listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                https(listen);
            },
            listeners.Add);
}
