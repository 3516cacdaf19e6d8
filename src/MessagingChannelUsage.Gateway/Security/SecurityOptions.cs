namespace MessagingChannelUsage.Gateway.Security;

/// <summary>Options of authentication, permissions and limits (configuration section "Security"). See docs/security.md.</summary>
internal sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>
    /// Run without authentication on a non-loopback address, on purpose (e.g. behind a mesh that
    /// authenticates). Without it such a gateway refuses to start.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    public JwtOptions Jwt { get; set; } = new();

    public ClientCertificateOptions ClientCertificates { get; set; } = new();

    public LimitOptions Limits { get; set; } = new();

    public bool JwtConfigured => !string.IsNullOrWhiteSpace(Jwt.Authority) || !string.IsNullOrWhiteSpace(Jwt.KeyFile);

    public bool CertificatesConfigured => !string.IsNullOrWhiteSpace(ClientCertificates.CaBundle);

    /// <summary>Whether callers must authenticate (a bearer token or a client certificate).</summary>
    public bool AuthenticationConfigured => JwtConfigured || CertificatesConfigured;
}

/// <summary>Bearer tokens (OAuth 2.0 access tokens, JWT). Security:Jwt.</summary>
internal sealed class JwtOptions
{
    /// <summary>The largest clock skew accepted (security.md).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>OpenID Connect issuer whose discovery document gives the signing keys (https).</summary>
    public string? Authority { get; set; }

    /// <summary>A PEM public key (RSA or EC), a PEM certificate, or a JWKS file: for deployments without an IdP.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The expected "iss". Required with KeyFile; with Authority the discovery document's issuer is used when absent.</summary>
    public string? Issuer { get; set; }

    /// <summary>The expected "aud" (required).</summary>
    public string? Audience { get; set; }

    /// <summary>Tolerance on exp/nbf, at most one minute.</summary>
    public TimeSpan ClockSkew { get; set; } = MaxClockSkew;

    /// <summary>Authority metadata over https only (turn off only for a loopback test IdP).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}

/// <summary>Client certificates (mutual TLS). Security:ClientCertificates.</summary>
internal sealed class ClientCertificateOptions
{
    /// <summary>PEM file of the CA certificates a client certificate must chain to. Set = mutual TLS on.</summary>
    public string? CaBundle { get; set; }

    /// <summary>Refuse TLS connections without a client certificate (otherwise a bearer token is enough).</summary>
    public bool Required { get; set; }

    /// <summary>
    /// Permissions per certificate identity (the subject's common name, or a DNS name of the
    /// SAN): Security:ClientCertificates:Identities:&lt;name&gt;:Scopes / :Channels (space-separated).
    /// A trusted certificate whose identity is not listed has no permission.
    /// </summary>
    public Dictionary<string, CertificateIdentityOptions> Identities { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>What one certificate identity may do.</summary>
internal sealed class CertificateIdentityOptions
{
    /// <summary>Space-separated scopes, as in a token: messaging.route messaging.read messaging.admin.</summary>
    public string? Scopes { get; set; }

    /// <summary>Space-separated channel ids, or "*" (the default): as the token claim "channels".</summary>
    public string? Channels { get; set; }
}

/// <summary>Per-caller limits (Security:Limits). 0 turns a limit off.</summary>
internal sealed class LimitOptions
{
    /// <summary>Routed messages per second per caller (RouteInbound/Outbound and each RouteStream item); bursts up to one second's worth.</summary>
    public int RoutingPerSecond { get; set; } = 20_000;

    /// <summary>Routing calls in flight per caller (a RouteStream counts as one).</summary>
    public int RoutingConcurrency { get; set; } = 1_000;

    /// <summary>Admin calls (reads, writes, lifecycle, reflection) per second per caller.</summary>
    public int AdminPerSecond { get; set; } = 200;

    /// <summary>Admin calls in flight per caller.</summary>
    public int AdminConcurrency { get; set; } = 64;
}
