using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Routing.Rules;

/// <summary>How a list of rule violations maps to one gRPC status (the gateway's single edge).</summary>
public static class ErrorKinds
{
    /// <summary>
    /// ResourceExhausted when any value is over a size limit, AlreadyExists when every violation is
    /// a duplicate,
    /// InvalidArgument otherwise. Lifecycle step failures are FailedPrecondition (see <see cref="LifecycleResult"/>).
    /// </summary>
    public static ErrorKind Of(ImmutableArray<FieldError> errors)
    {
        if (errors.IsDefaultOrEmpty)
        {
            return ErrorKind.InvalidArgument;
        }

        if (errors.Any(e => e.Code == ErrorCodes.StringTooLong))
        {
            return ErrorKind.ResourceExhausted;
        }

        if (errors.All(e => e.Code == ErrorCodes.DuplicateValue))
        {
            return ErrorKind.AlreadyExists;
        }

        return ErrorKind.InvalidArgument;
    }

    /// <summary>The exception to throw for <paramref name="errors"/> (every violation, first one as the reason).</summary>
    public static DomainException ToException(ImmutableArray<FieldError> errors) => new(Of(errors), errors);
}
