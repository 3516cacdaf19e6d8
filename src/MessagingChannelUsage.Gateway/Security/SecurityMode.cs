using System.Net;
using Microsoft.AspNetCore.Http;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>How the gateway treats callers, decided once at start.</summary>
internal enum SecurityMode
{
    /// <summary>Every call (but health) needs a valid token or client certificate.</summary>
    Authenticated,

    /// <summary>Nothing configured and bound to loopback only: anonymous with every permission (the two-command start).</summary>
    AnonymousLoopback,

    /// <summary>Nothing configured, non-loopback, and Security:AllowAnonymous=true: anonymous on purpose.</summary>
    AnonymousAllowed,

    /// <summary>Nothing configured on a non-loopback address: the gateway refuses to start.</summary>
    Refused,
}

/// <summary>The start-up rule of security.md "Secure by default, still two commands", as a pure function.</summary>
internal static class SecurityModeRule
{
    /// <summary>The settings a refused start names.</summary>
    public const string RefusalHint =
        "Set Security:Jwt:KeyFile (or Security:Jwt:Authority) with Security:Jwt:Issuer and Security:Jwt:Audience, "
        + "or Security:ClientCertificates:CaBundle; or set Security:AllowAnonymous=true to run without authentication on purpose.";

    public static SecurityMode Decide(SecurityOptions options, IEnumerable<string> listenUrls)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(listenUrls);
        if (options.AuthenticationConfigured)
        {
            return SecurityMode.Authenticated;
        }

        if (listenUrls.All(IsLoopback))
        {
            return SecurityMode.AnonymousLoopback;
        }

        return options.AllowAnonymous ? SecurityMode.AnonymousAllowed : SecurityMode.Refused;
    }

    /// <summary>The listen URLs that are not loopback-only ("*", "+", 0.0.0.0, host names, other addresses).</summary>
    public static IEnumerable<string> NonLoopback(IEnumerable<string> listenUrls) => listenUrls.Where(url => !IsLoopback(url));

    /// <summary>
    /// Whether a listen URL accepts loopback connections only: "localhost", 127.0.0.0/8 or ::1.
    /// A URL that does not parse counts as non-loopback (it is reported by the Gateway options anyway).
    /// </summary>
    public static bool IsLoopback(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return false;
        }

        if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}
