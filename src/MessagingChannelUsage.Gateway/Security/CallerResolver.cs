using System.Security.Claims;
using Grpc.Core;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// Who the caller of a request is: <see cref="Caller.Anonymous"/> when the gateway runs without
/// authentication (credentials are then ignored); otherwise the caller of a valid bearer token or
/// trusted client certificate, or null when none was presented or one failed. Resolved once per
/// HTTP/2 stream (a RouteStream authenticates once).
/// </summary>
internal sealed class CallerResolver(
    SecurityState state,
    IOptions<SecurityOptions> options,
    BearerTokens bearer,
    ILogger<CallerResolver> logger)
{
    private static readonly object CallerKey = new();
    private readonly ClientCertificateOptions certificates = options.Value.ClientCertificates;

    public const string ScopeClaim = "scope";
    public const string ChannelsClaim = "channels";

    public async ValueTask<Caller?> ResolveAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (state.Mode != SecurityMode.Authenticated)
        {
            return Caller.Anonymous;
        }

        if (http.Items.TryGetValue(CallerKey, out var known))
        {
            return known as Caller;
        }

        var caller = await AuthenticateAsync(http);
        http.Items[CallerKey] = caller;
        return caller;
    }

    /// <summary>
    /// The channels whose rows a list or query may show this call's caller: all when the caller
    /// is not limited (or the gateway runs anonymous).
    /// </summary>
    public static ChannelAccess VisibleChannels(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Current(context.GetHttpContext())?.Channels ?? ChannelAccess.All;
    }

    /// <summary>The caller resolved for this request earlier (the interceptor resolves first).</summary>
    public static Caller? Current(HttpContext http) => http.Items.TryGetValue(CallerKey, out var known) ? known as Caller : null;

    private async Task<Caller?> AuthenticateAsync(HttpContext http)
    {
        Caller? caller = null;
        if (state.JwtEnabled && await bearer.FindAsync(http) is { } validated)
        {
            caller = validated.Caller;
        }
        else if (state.JwtEnabled)
        {
            var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
            if (result.Failure is { } failure)
            {
                SecurityLog.TokenRejected(logger, failure);
                return null;
            }

            if (result.Succeeded)
            {
                // Built once per token by BearerTokenEvents (validated or found validated); built here otherwise.
                caller = BearerTokenEvents.Of(http) is { } remembered && ReferenceEquals(remembered.Principal, result.Principal)
                    ? remembered.Caller
                    : FromToken(result.Principal);
            }
        }

        if (state.CertificatesEnabled && http.Connection.ClientCertificate is not null)
        {
            var result = await http.AuthenticateAsync(CertificateAuthenticationDefaults.AuthenticationScheme);
            if (result.Failure is { } failure)
            {
                SecurityLog.CertificateRejected(logger, failure);
                return null;
            }

            if (caller is null && result.Succeeded && http.Connection.ClientCertificate is { } certificate)
            {
                caller = FromCertificate(certificate);
            }
        }

        return caller;
    }

    /// <summary>The caller of a validated token: identity from sub (or client_id/azp), scopes, channels.</summary>
    public static Caller FromToken(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var identity = principal.FindFirst("sub")?.Value
            ?? principal.FindFirst("client_id")?.Value
            ?? principal.FindFirst("azp")?.Value
            ?? "unknown";
        var scopes = string.Join(' ', principal.FindAll(claim => claim.Type is ScopeClaim or "scp").Select(claim => claim.Value));
        var channelClaims = principal.FindAll(ChannelsClaim).Select(claim => claim.Value).ToList();
        var channels = channelClaims.Count == 0 ? ChannelAccess.All : ChannelAccess.Parse(string.Join(' ', channelClaims));
        return new Caller(identity, Scopes.Parse(scopes), channels);
    }

    /// <summary>The caller of a trusted certificate: the first of its names listed in configuration; no permission when none is.</summary>
    public Caller FromCertificate(X509Certificate2 certificate)
    {
        var names = ClientCertificateTrust.NamesOf(certificate).ToList();
        foreach (var name in names)
        {
            if (certificates.Identities.TryGetValue(name, out var entry))
            {
                return new Caller("cert:" + name, Scopes.Parse(entry.Scopes), ChannelAccess.Parse(entry.Channels ?? ChannelAccess.Wildcard));
            }
        }

        return new Caller("cert:" + (names.FirstOrDefault() ?? certificate.Thumbprint), Permissions.None, ChannelAccess.All);
    }
}
