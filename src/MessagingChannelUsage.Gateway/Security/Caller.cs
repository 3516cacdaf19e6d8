namespace MessagingChannelUsage.Gateway.Security;

/// <summary>Who is calling and what it may do: from a token, a client certificate, or nobody (anonymous mode).</summary>
/// <param name="Identity">The token's subject (or client id), the certificate's name, or "anonymous".</param>
/// <param name="Permissions">From the scopes; <see cref="Permissions.All"/> when anonymous.</param>
/// <param name="Channels">The channels the caller is limited to, or all.</param>
internal sealed record Caller(string Identity, Permissions Permissions, ChannelAccess Channels)
{
    public const string AnonymousIdentity = "anonymous";

    /// <summary>The caller of a gateway running without authentication (loopback, or Security:AllowAnonymous).</summary>
    public static Caller Anonymous { get; } = new(AnonymousIdentity, Permissions.All, ChannelAccess.All);

    public bool Has(Permissions required) => (Permissions & required) == required;
}
