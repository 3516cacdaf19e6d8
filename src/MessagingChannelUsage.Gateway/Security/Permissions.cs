namespace MessagingChannelUsage.Gateway.Security;

/// <summary>What a caller may do (domain.md §11). Admin implies Read; Route is apart.</summary>
[Flags]
internal enum Permissions
{
    None = 0,

    /// <summary>MessageRouter: route messages (scope messaging.route).</summary>
    Route = 1,

    /// <summary>Retrieve, query, describe, get/list, watch, simulate, reflection (scope messaging.read).</summary>
    Read = 2,

    /// <summary>Every write, lifecycle, session status, audit (scope messaging.admin; implies Read).</summary>
    Admin = 4,

    All = Route | Read | Admin,
}

/// <summary>The OAuth scope names of <see cref="Permissions"/> and their parsing.</summary>
internal static class Scopes
{
    public const string Route = "messaging.route";
    public const string Read = "messaging.read";
    public const string Admin = "messaging.admin";

    /// <summary>
    /// The permissions of a space-separated scope list (the JWT "scope" claim, or configuration
    /// for a certificate). Unknown scopes are ignored (tokens carry scopes of other APIs too);
    /// admin implies read.
    /// </summary>
    public static Permissions Parse(string? scopes)
    {
        var permissions = Permissions.None;
        foreach (var scope in (scopes ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            permissions |= Of(scope);
        }

        return permissions;
    }

    /// <summary>One scope's permission, None when it is not one of ours.</summary>
    public static Permissions Of(string scope) => scope switch
    {
        Route => Permissions.Route,
        Read => Permissions.Read,
        Admin => Permissions.Admin | Permissions.Read,
        _ => Permissions.None,
    };
}
