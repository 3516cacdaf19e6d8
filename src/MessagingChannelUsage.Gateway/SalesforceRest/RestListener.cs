using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MessagingChannelUsage.Gateway.SalesforceRest;

/// <summary>
/// The REST listener(s) of Gateway:RestUrls (HTTP/1.1 and HTTP/2, since Salesforce tools and curl
/// speak HTTP/1.1; the gRPC listeners stay HTTP/2-only). Remembers its listen options so requests
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
        => Hosting.KestrelUrlListeners.Listen(kestrel, urls, HttpProtocols.Http1AndHttp2, https, listeners.Add);
}
