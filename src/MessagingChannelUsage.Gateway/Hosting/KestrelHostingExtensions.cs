using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>Kestrel for gRPC: HTTP/2 cleartext only, on a configurable address.</summary>
public static class KestrelHostingExtensions
{
    /// <summary>
    /// Listens on Gateway:Urls, else on ASPNETCORE_URLS / --urls / ASPNETCORE_HTTP_PORTS, else on
    /// <see cref="GatewayOptions.DefaultUrls"/>. Every endpoint speaks HTTP/2 only (prior
    /// knowledge, no TLS): gRPC clients connect with http://.
    /// </summary>
    public static WebApplicationBuilder AddGatewayKestrel(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.Configuration[$"{GatewayOptions.SectionName}:{nameof(GatewayOptions.Urls)}"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            builder.WebHost.UseUrls(configured);
        }
        else if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey])
                 && string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.HttpPortsKey]))
        {
            builder.WebHost.UseUrls(GatewayOptions.DefaultUrls);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2);
        });
        return builder;
    }
}
