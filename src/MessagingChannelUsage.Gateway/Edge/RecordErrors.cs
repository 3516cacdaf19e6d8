using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>Expected failures of record reads and writes (the record rules' own come from the core validators).</summary>
internal static class RecordErrors
{
    public static DomainException NotFound(string objectName, string id, string field)
        => new(ErrorKind.NotFound, ErrorCodes.NotFound, field, $"No {objectName} with id {id}.");

    public static DomainException StaleModstamp(string id, DateTimeOffset expected, DateTimeOffset actual)
        => new(ErrorKind.Aborted, ErrorCodes.EntityFailedIfLastModifiedOnUpdate, "SystemModstamp",
            $"The record {id} changed since {expected:O} (its SystemModstamp is now {actual:O}); read it again and retry.");

    public static DomainException Required(string field, string message)
        => new(ErrorKind.InvalidArgument, ErrorCodes.RequiredFieldMissing, field, message);

    public static bool IsConcurrencyConflict(DomainException exception)
        => exception.Kind == ErrorKind.Aborted && exception.Code == ErrorCodes.EntityFailedIfLastModifiedOnUpdate;

    /// <summary>
    /// Every rule violation in one exception, with the status of the routing core's mapping
    /// (<see cref="ErrorKinds"/>); the violation that decided the status goes first, so
    /// ErrorInfo.reason agrees with the status code (STRING_TOO_LONG with ResourceExhausted).
    /// </summary>
    public static void ThrowIfAny(ImmutableArray<FieldError> errors)
    {
        if (errors.IsDefaultOrEmpty)
        {
            return;
        }

        var kind = ErrorKinds.Of(errors);
        if (kind == ErrorKind.ResourceExhausted)
        {
            errors = [.. errors.Where(e => e.Code == ErrorCodes.StringTooLong), .. errors.Where(e => e.Code != ErrorCodes.StringTooLong)];
        }

        throw new DomainException(kind, errors);
    }
}
