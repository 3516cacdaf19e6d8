using System.Collections.Immutable;

namespace MessagingChannelUsage.Routing.Errors;

/// <summary>
/// An expected failure carrying every violation found (not just the first). The gateway turns it
/// into a gRPC status with google.rpc details in one interceptor; nothing is written when thrown.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(ErrorKind kind, ImmutableArray<FieldError> errors)
        : base(errors.IsDefaultOrEmpty ? kind.ToString() : string.Join("; ", errors))
    {
        Kind = kind;
        Errors = errors.IsDefault ? [] : errors;
    }

    public DomainException(ErrorKind kind, string code, string? field, string message)
        : this(kind, [new FieldError(code, field, message)])
    {
    }

    public DomainException()
        : this(ErrorKind.InvalidArgument, [])
    {
    }

    public DomainException(string message)
        : this(ErrorKind.InvalidArgument, ErrorCodes.FieldIntegrityException, null, message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = ErrorKind.InvalidArgument;
        Errors = [new FieldError(ErrorCodes.FieldIntegrityException, null, message)];
    }

    public ErrorKind Kind { get; }

    public ImmutableArray<FieldError> Errors { get; }

    /// <summary>The first error's code, the one reported as ErrorInfo.reason.</summary>
    public string Code => Errors.IsEmpty ? ErrorCodes.FieldIntegrityException : Errors[0].Code;
}
