using MessagingChannelUsage.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// Checks the Security section at start and reports every problem at once, including the start-up
/// rule: a non-loopback listener without authentication refuses to start, naming the settings.
/// </summary>
internal sealed class SecurityOptionsValidator(IConfiguration configuration) : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateJwt(options.Jwt, failures);
        ValidateCertificates(options.ClientCertificates, failures);
        ValidateLimits(options.Limits, failures);

        var urls = ListenUrls(configuration);
        if (SecurityModeRule.Decide(options, urls) == SecurityMode.Refused)
        {
            failures.Add(
                $"The gateway listens on {string.Join(", ", SecurityModeRule.NonLoopback(urls))}, which is not loopback, "
                + $"and no authentication is configured. {SecurityModeRule.RefusalHint}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every address the gateway serves calls on: the gRPC URLs and, when set, the REST URLs.</summary>
    public static IReadOnlyList<string> ListenUrls(IConfiguration configuration)
    {
        var urls = KestrelUrlListeners.Resolve(configuration).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var rest = configuration[$"{GatewayOptions.SectionName}:RestUrls"];
        if (!string.IsNullOrWhiteSpace(rest))
        {
            urls.AddRange(rest.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        return urls;
    }

    private static void ValidateJwt(JwtOptions jwt, List<string> failures)
    {
        var hasAuthority = !string.IsNullOrWhiteSpace(jwt.Authority);
        var hasKeyFile = !string.IsNullOrWhiteSpace(jwt.KeyFile);
        if (!hasAuthority && !hasKeyFile)
        {
            return;
        }

        if (hasAuthority && hasKeyFile)
        {
            failures.Add("Security:Jwt:Authority and Security:Jwt:KeyFile exclude each other: set one.");
        }

        if (hasAuthority && (!Uri.TryCreate(jwt.Authority, UriKind.Absolute, out var authority)
            || (authority.Scheme != Uri.UriSchemeHttps && (jwt.RequireHttpsMetadata || authority.Scheme != Uri.UriSchemeHttp))))
        {
            failures.Add($"Security:Jwt:Authority '{jwt.Authority}' is not an https:// address.");
        }

        if (hasKeyFile)
        {
            if (string.IsNullOrWhiteSpace(jwt.Issuer))
            {
                failures.Add("Security:Jwt:Issuer is required with Security:Jwt:KeyFile.");
            }

            try
            {
                if (JwtSigningKeys.Load(jwt.KeyFile!).Count == 0)
                {
                    failures.Add($"Security:Jwt:KeyFile '{jwt.KeyFile}' holds no RSA or EC public key.");
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or System.Security.Cryptography.CryptographicException or FormatException or System.Text.Json.JsonException)
            {
                failures.Add($"Security:Jwt:KeyFile '{jwt.KeyFile}' cannot be read as a PEM key or a JWKS: {exception.Message}");
            }
        }

        if (string.IsNullOrWhiteSpace(jwt.Audience))
        {
            failures.Add("Security:Jwt:Audience is required when bearer tokens are configured.");
        }

        if (jwt.ClockSkew < TimeSpan.Zero || jwt.ClockSkew > JwtOptions.MaxClockSkew)
        {
            failures.Add($"Security:Jwt:ClockSkew must be between 00:00:00 and {JwtOptions.MaxClockSkew} (got {jwt.ClockSkew}).");
        }
    }

    private static void ValidateCertificates(ClientCertificateOptions certificates, List<string> failures)
    {
        if (!string.IsNullOrWhiteSpace(certificates.CaBundle))
        {
            try
            {
                if (ClientCertificateTrust.LoadBundle(certificates.CaBundle).Count == 0)
                {
                    failures.Add($"Security:ClientCertificates:CaBundle '{certificates.CaBundle}' holds no certificate.");
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                failures.Add($"Security:ClientCertificates:CaBundle '{certificates.CaBundle}' cannot be read as PEM certificates: {exception.Message}");
            }
        }
        else if (certificates.Required)
        {
            failures.Add("Security:ClientCertificates:Required needs Security:ClientCertificates:CaBundle.");
        }

        foreach (var (identity, entry) in certificates.Identities)
        {
            if (Scopes.Parse(entry.Scopes) == Permissions.None)
            {
                failures.Add($"Security:ClientCertificates:Identities:{identity}:Scopes names none of {Scopes.Route}, {Scopes.Read}, {Scopes.Admin}.");
            }

            if (entry.Channels is { } channels && ChannelAccess.Parse(channels) is { IsAll: false, Channels.Count: 0 })
            {
                failures.Add($"Security:ClientCertificates:Identities:{identity}:Channels names no channel id (15 or 18 characters) and no '*'.");
            }
        }
    }

    private static void ValidateLimits(LimitOptions limits, List<string> failures)
    {
        void NotNegative(int value, string setting)
        {
            if (value < 0)
            {
                failures.Add($"Security:Limits:{setting} cannot be negative (0 turns the limit off; got {value}).");
            }
        }

        NotNegative(limits.RoutingPerSecond, nameof(LimitOptions.RoutingPerSecond));
        NotNegative(limits.RoutingConcurrency, nameof(LimitOptions.RoutingConcurrency));
        NotNegative(limits.AdminPerSecond, nameof(LimitOptions.AdminPerSecond));
        NotNegative(limits.AdminConcurrency, nameof(LimitOptions.AdminConcurrency));
    }
}
