namespace MessagingChannelUsage.Routing.Errors;

/// <summary>One violation: Salesforce-style code, the offending field (API name) and a message.</summary>
public sealed record FieldError(string Code, string? Field, string Message)
{
    public override string ToString() => Field is null ? $"{Code}: {Message}" : $"{Code} ({Field}): {Message}";
}

/// <summary>How an expected failure maps to a gRPC status at the edge (one place: the gateway).</summary>
public enum ErrorKind
{
    InvalidArgument,
    NotFound,
    AlreadyExists,
    FailedPrecondition,
    /// <summary>Optimistic concurrency: a stale SystemModstamp.</summary>
    Aborted,
    ResourceExhausted,
    Unavailable,

    /// <summary>No credentials, or credentials that failed (security.md).</summary>
    Unauthenticated,

    /// <summary>A missing permission, or a channel that is not the caller's (security.md).</summary>
    PermissionDenied,

    /// <summary>A position outside what is kept, e.g. a change-stream resume token past the retention.</summary>
    OutOfRange,
}
