namespace MessagingChannelUsage.Gateway.Security;

/// <summary>The answer of a permission check.</summary>
internal enum AccessOutcome
{
    Allowed,

    /// <summary>No credentials, or credentials that failed (expired, wrong audience/issuer, bad signature, untrusted certificate).</summary>
    Unauthenticated,

    /// <summary>A missing scope, or a channel outside the caller's list (or a record that does not exist: the same answer).</summary>
    PermissionDenied,
}
