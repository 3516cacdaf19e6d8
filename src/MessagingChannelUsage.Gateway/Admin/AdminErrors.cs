using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Gateway.Admin;

/// <summary>The admin API's own expected failures (the record rules' come from the validator).</summary>
internal static class AdminErrors
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
}
