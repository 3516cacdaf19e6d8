using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>
/// Turns the gRPC listen URLs into explicit Kestrel listeners. Explicit listeners are needed
/// because the metrics endpoint is one (with its own protocol), and Kestrel ignores URLs
/// (ASPNETCORE_URLS, --urls) as soon as any listener is configured in code.
/// </summary>
internal static class KestrelUrlListeners
{
    /// <summary>The URLs the gateway serves gRPC on: Gateway:Urls, else ASPNETCORE_URLS/--urls, else ASPNETCORE_HTTP_PORTS, else the default.</summary>
    public static string Resolve(IConfiguration configuration)
    {
        var configured = configuration[$"{GatewayOptions.SectionName}:{nameof(GatewayOptions.Urls)}"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        if (!string.IsNullOrWhiteSpace(urls))
        {
            return urls;
        }

        var ports = configuration[WebHostDefaults.HttpPortsKey];
        return string.IsNullOrWhiteSpace(ports)
            ? GatewayOptions.DefaultUrls
            : string.Join(';', ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => "http://*:" + port));
    }

    /// <summary>
    /// One listener per URL, in order, with <paramref name="protocols"/>. "*", "+", "0.0.0.0" and
    /// host names listen on every interface (as Kestrel does for URLs); "localhost" on loopback.
    /// Malformed URLs are skipped here: GatewayOptionsValidator reports them at start. An https://
    /// URL gets TLS through <paramref name="https"/>; <paramref name="listening"/> sees every listener
    /// (the REST listener remembers its own to tell its requests apart by port).
    /// </summary>
    public static void Listen(
        KestrelServerOptions kestrel, string urls, HttpProtocols protocols, Action<ListenOptions>? https = null, Action<ListenOptions>? listening = null)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                continue;
            }

            void Configure(ListenOptions listen)
            {
                listen.Protocols = protocols;
                if (string.Equals(address.Scheme, "https", StringComparison.OrdinalIgnoreCase))
                {
                    (https ?? throw new InvalidOperationException($"'{url}' is an https:// address; this listener serves cleartext only."))(listen);
                }

                listening?.Invoke(listen);
            }

            if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                kestrel.ListenLocalhost(address.Port, Configure);
            }
            else if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any))
            {
                kestrel.Listen(ip, address.Port, Configure);
            }
            else
            {
                kestrel.ListenAnyIP(address.Port, Configure);
            }
        }
    }

}
