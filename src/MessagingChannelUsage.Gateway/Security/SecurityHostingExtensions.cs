using System.Security.Cryptography.X509Certificates;
using MessagingChannelUsage.Gateway.Audit;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>Authentication, permissions, limits, TLS and the audit trail (docs/security.md).</summary>
internal static class SecurityHostingExtensions
{
    /// <summary>The token algorithms accepted (security.md).</summary>
    public static readonly IReadOnlyList<string> Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    public static WebApplicationBuilder AddGatewaySecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SecurityOptions>()
            .Bind(builder.Configuration.GetSection(SecurityOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SecurityState>();
        services.AddSingleton<CallerResolver>();
        services.AddSingleton<ValidatedTokens>();
        services.AddSingleton<BearerTokenEvents>();
        services.AddSingleton<BearerTokens>();
        services.AddSingleton<ChannelOwners>();
        services.AddSingleton<CallerLimits>();
        services.AddSingleton<AuditSubjects>();
        services.AddSingleton<WriteAuditor>();
        services.AddHostedService<SecurityAnnouncer>();

        // Runs inside the error interceptor, which calls it (GrpcHostingExtensions): one entry in
        // gRPC's interceptor pipeline instead of two. One instance for every call (its
        // dependencies are singletons).
        services.AddSingleton<AccessInterceptor>();

        // Which handlers exist is decided from configuration now; their settings are read when
        // first used, after the options were validated at start.
        var configured = builder.Configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>() ?? new SecurityOptions();
        // Callers are authenticated in ONE place, CallerResolver (gRPC and REST), which asks the
        // handlers itself. With a single scheme registered, ASP.NET Core would make it the default
        // and the authentication middleware would run it on every request as well, for a
        // HttpContext.User nothing reads: the automatic default is turned off (documented switch).
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        if (!configured.AuthenticationConfigured)
        {
            // Anonymous mode: no authentication services at all. With them registered, the web
            // host adds the authentication middleware to every request (~450 B and a state
            // machine per routed message) for a result nothing reads: CallerResolver answers
            // Caller.Anonymous without asking any handler.
            return builder;
        }

        var authentication = services.AddAuthentication();
        if (configured.JwtConfigured)
        {
            authentication.AddJwtBearer();
            if (!string.IsNullOrWhiteSpace(configured.Jwt.KeyFile))
            {
                services.AddSingleton(provider => new JwtKeyFile(
                    provider.GetRequiredService<IOptions<SecurityOptions>>().Value.Jwt.KeyFile!,
                    provider.GetRequiredService<TimeProvider>()));
            }

            services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
                .Configure<IOptions<SecurityOptions>, IServiceProvider>((bearer, security, provider) =>
                    ConfigureBearer(bearer, security.Value.Jwt, provider.GetService<JwtKeyFile>()));
        }

        if (configured.CertificatesConfigured)
        {
            authentication.AddCertificate();
            services.AddOptions<CertificateAuthenticationOptions>(CertificateAuthenticationDefaults.AuthenticationScheme)
                .Configure<IOptions<SecurityOptions>>((certificate, security) => ConfigureCertificate(certificate, security.Value.ClientCertificates));
            authentication.AddCertificateCache();
        }

        return builder;
    }

    /// <summary>
    /// TLS on an https:// listener: the certificate of Kestrel:Certificates:Default (reloaded when
    /// it changes) and, with Security:ClientCertificates:CaBundle, client certificates (required
    /// or allowed). The certificate's trust is checked by the certificate authentication handler
    /// against the CA bundle, so an untrusted one is answered UNAUTHENTICATED, not with a broken
    /// handshake.
    /// </summary>
    internal static void UseGatewayHttps(ListenOptions listen, ServerCertificateSource certificate, IConfiguration configuration)
    {
        var clients = configuration.GetSection($"{SecurityOptions.SectionName}:{nameof(SecurityOptions.ClientCertificates)}").Get<ClientCertificateOptions>();
        listen.UseHttps(https =>
        {
            https.ServerCertificateSelector = (_, _) => certificate.Current;
            if (!string.IsNullOrWhiteSpace(clients?.CaBundle))
            {
                https.ClientCertificateMode = clients.Required ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = static (_, _, _) => true;
            }
        });
    }

    private static void ConfigureBearer(JwtBearerOptions bearer, JwtOptions jwt, JwtKeyFile? keyFile)
    {
        bearer.MapInboundClaims = false;
        bearer.EventsType = typeof(BearerTokenEvents);
        bearer.IncludeErrorDetails = false;
        if (!string.IsNullOrWhiteSpace(jwt.Authority))
        {
            bearer.Authority = jwt.Authority;
            bearer.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
        }

        bearer.Audience = jwt.Audience;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = string.IsNullOrWhiteSpace(jwt.Issuer) ? null : jwt.Issuer,
            ValidateAudience = true,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            // The key file's keys as they are now (reloaded when the file changes): key rotation without a restart.
            IssuerSigningKeyResolver = keyFile is null ? null : (_, _, _, _) => keyFile.Current,
            ValidAlgorithms = Algorithms,
            ClockSkew = jwt.ClockSkew,
            NameClaimType = "sub",
        };
    }

    private static void ConfigureCertificate(CertificateAuthenticationOptions certificate, ClientCertificateOptions clients)
    {
        certificate.AllowedCertificateTypes = CertificateTypes.Chained;
        certificate.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
        certificate.CustomTrustStore = ClientCertificateTrust.LoadBundle(clients.CaBundle!);
        certificate.RevocationMode = X509RevocationMode.NoCheck;
        certificate.ValidateCertificateUse = true;
        certificate.ValidateValidityPeriod = true;
    }
}
