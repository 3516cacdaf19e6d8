using MessagingChannelUsage.Gateway.Memory;
using MessagingChannelUsage.Gateway.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>Kestrel for gRPC: HTTP/2 cleartext only, on a configurable address.</summary>
internal static class KestrelHostingExtensions
{
    /// <summary>
    /// Listens on Gateway:Urls, else on ASPNETCORE_URLS / --urls / ASPNETCORE_HTTP_PORTS, else on
    /// <see cref="GatewayOptions.DefaultUrls"/>. Every endpoint speaks HTTP/2 only (prior
    /// knowledge) — cleartext for http:// addresses, TLS for https:// ones (Kestrel:Certificates:Default).
    /// </summary>
    public static WebApplicationBuilder AddGatewayKestrel(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Explicit listeners (the metrics endpoint is one), so the URLs are turned into listeners
        // here and replaced for the host by ";" (an empty list: an empty string would make the
        // host fall back to ASPNETCORE_URLS, and Kestrel would warn that it overrides them).
        var urls = KestrelUrlListeners.Resolve(builder.Configuration);
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, ";");
        builder.Services.AddGatewayMemoryPool();
        var configuration = builder.Configuration;
        ServerCertificateSource? certificate = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            Http2Limits.Apply(kestrel.Limits);
            KestrelUrlListeners.Listen(kestrel, urls, HttpProtocols.Http2, https: listen =>
            {
                certificate ??= new ServerCertificateSource(configuration, TimeProvider.System);
                SecurityHostingExtensions.UseGatewayHttps(listen, certificate, configuration);
            });
        });
        return builder;
    }
}
