using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MessagingChannelUsage.Gateway.Telemetry;

/// <summary>
/// The scrape endpoint's own Kestrel listener (HTTP/1.1, which Prometheus speaks; the gRPC
/// listeners stay HTTP/2-only). Remembers its listen options so requests can be told apart by
/// the local port, also when port 0 picked one at start.
/// </summary>
internal sealed class MetricsEndpoint
{
    private ListenOptions? listener;

    /// <summary>The bound port once Kestrel started (0 before, or when the endpoint is off).</summary>
    public int Port => listener?.IPEndPoint?.Port ?? 0;

    /// <summary>The scrape address, e.g. http://127.0.0.1:9464/metrics; null when off or not started.</summary>
    public Uri? Address { get; private set; }

    internal string Path { get; private set; } = "/metrics";

    /// <summary>"*" → any, "localhost" → 127.0.0.1, else an IP address; null when it is none of those.</summary>
    public static IPAddress? ParseHost(string? host) => host switch
    {
        "*" or "+" => IPAddress.Any,
        "localhost" => IPAddress.Loopback,
        _ => IPAddress.TryParse(host, out var address) ? address : null,
    };

    /// <summary>Adds the listener; called from Kestrel's configuration (after the gRPC listeners).</summary>
    internal void Listen(KestrelServerOptions kestrel, TelemetryOptions options)
    {
        // An invalid setting is reported by TelemetryOptionsValidator at start; do not throw here.
        if (ParseHost(options.PrometheusAddress) is not { } address || options.PrometheusPort is < 0 or > IPEndPoint.MaxPort)
        {
            return;
        }

        Path = options.PrometheusPath;
        kestrel.Listen(address, options.PrometheusPort, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listener = listen;
        });
    }

    /// <summary>Called once the server runs: the bound address for logs and tests.</summary>
    internal void Started()
    {
        if (listener?.IPEndPoint is { } bound)
        {
            var host = bound.Address.Equals(IPAddress.Any) || bound.Address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : bound.Address.ToString();
            Address = new UriBuilder(Uri.UriSchemeHttp, host, bound.Port, Path).Uri;
        }
    }
}
