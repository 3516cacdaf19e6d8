namespace MessagingChannelUsage.Gateway.Security;

/// <summary>Log lines of authentication and permissions. Tokens and certificates themselves are never logged.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "No authentication is configured and the gateway listens on loopback only: every caller is anonymous with every permission. Configure Security:Jwt or Security:ClientCertificates before exposing it (docs/security.md).")]
    public static partial void AnonymousLoopback(ILogger logger);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Security:AllowAnonymous=true: the gateway listens on {Urls} without authentication; every caller has every permission.")]
    public static partial void AnonymousAllowed(ILogger logger, string urls);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Callers authenticate with {Credentials}")]
    public static partial void Authenticated(ILogger logger, string credentials);

    [LoggerMessage(EventId = 310, Level = LogLevel.Debug, Message = "Bearer token rejected")]
    public static partial void TokenRejected(ILogger logger, Exception reason);

    [LoggerMessage(EventId = 311, Level = LogLevel.Debug, Message = "Client certificate rejected")]
    public static partial void CertificateRejected(ILogger logger, Exception reason);

    /// <summary>Denials are a client's mistake: Debug, so a misconfigured client cannot flood the log.</summary>
    public const LogLevel DeniedLevel = LogLevel.Debug;

    [LoggerMessage(EventId = 312, Level = DeniedLevel, Message = "{Method} denied to {Caller}: {Outcome}")]
    public static partial void Denied(ILogger logger, string method, string caller, AccessOutcome outcome);
}
