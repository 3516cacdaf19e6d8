using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;

namespace MessagingChannelUsage.Gateway.Admin;

/// <summary>
/// Parses an id taken from a request: 15 or 18 characters, suffix checked, the object's key
/// prefix required. A malformed id is INVALID_ID_FIELD (InvalidArgument) naming the field, so
/// it never reaches the store.
/// </summary>
internal static class IdArgument
{
    public static string Parse(string? value, string keyPrefix, string field)
        => TryParse(value, keyPrefix, field, out var id, out var error) ? id : throw new DomainException(ErrorKind.InvalidArgument, [error]);

    public static bool TryParse(string? value, string keyPrefix, string field, out string id, out FieldError error)
    {
        if (SalesforceId.TryNormalize(value, out var id18, out var parseError, keyPrefix))
        {
            id = id18;
            error = null!;
            return true;
        }

        id = string.Empty;
        error = new FieldError(ErrorCodes.InvalidIdField, field, Describe(value, keyPrefix, parseError));
        return false;
    }

    private static string Describe(string? value, string keyPrefix, SalesforceId.ParseError error) => error switch
    {
        SalesforceId.ParseError.Empty => "An id is required.",
        SalesforceId.ParseError.WrongLength => $"An id has 15 or 18 characters, not {value!.Length}.",
        SalesforceId.ParseError.BadCharacter => "An id has only the characters A-Z, a-z and 0-9.",
        SalesforceId.ParseError.BadSuffix => "The id's 3-character suffix does not match its first 15 characters.",
        SalesforceId.ParseError.WrongPrefix => $"The id does not start with the key prefix {keyPrefix}.",
        _ => "Malformed id.",
    };
}
