using System.Net;
using MessagingChannelUsage.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>
/// An OpenID Connect authority on a free loopback port, serving what JwtBearer's configuration
/// manager reads: the discovery document (issuer <see cref="TestTokenIssuer.Issuer"/>) and the
/// JWKS of a <see cref="TestTokenIssuer"/>. Plain HTTP, so the gateway must run with
/// Security:Jwt:RequireHttpsMetadata=false (the setting exists for this).
/// </summary>
internal sealed class LoopbackIdentityProvider : IAsyncDisposable
{
    private readonly WebApplication app;
    private int jwksRequests;

    private LoopbackIdentityProvider(WebApplication app) => this.app = app;

    /// <summary>The authority's address, with a trailing slash.</summary>
    public string Authority { get; private set; } = "";

    /// <summary>How often the JWKS was fetched: proves the gateway took its keys from here.</summary>
    public int JwksRequests => Volatile.Read(ref jwksRequests);

    public static async Task<LoopbackIdentityProvider> StartAsync(TestTokenIssuer tokens)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var provider = new LoopbackIdentityProvider(app);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, string>
        {
            ["issuer"] = TestTokenIssuer.Issuer,
            ["jwks_uri"] = provider.Authority + "jwks",
        }));
        app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref provider.jwksRequests);
            return Results.Text(File.ReadAllText(tokens.JwksFile), "application/json");
        });
        await app.StartAsync();
        var address = app.Urls.Single(); // the bound address, port included
        provider.Authority = address.TrimEnd('/') + "/";
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
