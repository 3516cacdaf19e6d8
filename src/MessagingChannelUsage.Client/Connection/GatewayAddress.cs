namespace MessagingChannelUsage.Client.Connection;

/// <summary>
/// Reads the gateway address a person types: <c>http://host:port</c>, or just <c>host:port</c> or
/// <c>host</c> (the gateway speaks HTTP/2 cleartext, so http:// is implied and the port defaults
/// to the gateway's 5051).
/// </summary>
public static class GatewayAddress
{
    /// <summary>Environment variable that sets the address when --address is not given.</summary>
    public const string EnvironmentVariable = "MCU_ADDRESS";

    public const int DefaultPort = 5051;

    public const string Default = "http://127.0.0.1:5051";

    /// <summary>--address's default: $MCU_ADDRESS when set, else <see cref="Default"/>.</summary>
    public static string FromEnvironment()
        => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : Default;

    /// <summary>The address as a URI, or false with why not.</summary>
    public static bool TryParse(string? text, out Uri address, out string problem)
    {
        address = null!;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            problem = "the address is empty";
            return false;
        }

        var hasScheme = trimmed.Contains("://", StringComparison.Ordinal);
        var withScheme = hasScheme ? trimmed : "http://" + trimmed;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            problem = $"'{trimmed}' is not an address";
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            problem = $"'{trimmed}' uses {uri.Scheme}://; the gateway speaks http:// (h2c) or https://";
            return false;
        }

        // A bare "host" means the gateway's port, not HTTP's 80; a full URL is taken as written.
        address = hasScheme || HasPort(trimmed) ? uri : new UriBuilder(uri) { Port = DefaultPort }.Uri;
        problem = string.Empty;
        return true;
    }

    private static bool HasPort(string authorityAndPath)
    {
        var authority = authorityAndPath.Split('/', 2)[0];
        var closingBracket = authority.LastIndexOf(']');
        var colon = authority.LastIndexOf(':');
        return colon > closingBracket && colon < authority.Length - 1;
    }
}
