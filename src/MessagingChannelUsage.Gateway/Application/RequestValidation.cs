using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;

namespace MessagingChannelUsage.Gateway.Application;

/// <summary>
/// Collects every violation of one request (not just the first) and throws them together.
/// Nothing is allocated while the request is valid. Field names are the proto's (snake_case).
/// </summary>
public struct RequestValidation
{
    private ImmutableArray<FieldError>.Builder? errors;
    private ErrorKind kind;

    public readonly bool IsValid => errors is null;

    /// <summary>A required id of one object (15 or 18 chars, the object's key prefix); returns the 18-char form.</summary>
    public string Id(string? value, string field, string keyPrefix, string objectName)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(ErrorKind.InvalidArgument, ErrorCodes.RequiredFieldMissing, field, $"{field} is required.");
            return string.Empty;
        }

        if (SalesforceId.TryNormalize(value, out var id18, out var error, keyPrefix))
        {
            return id18;
        }

        Add(ErrorKind.InvalidArgument, ErrorCodes.InvalidIdField, field, $"{field} {SalesforceId.Explain(value, error, keyPrefix, objectName)}.");
        return string.Empty;
    }

    /// <summary>An optional id: empty → null.</summary>
    public string? OptionalId(string? value, string field, string keyPrefix, string objectName)
        => string.IsNullOrEmpty(value) ? null : Id(value, field, keyPrefix, objectName);

    public void Required(string? value, string field, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(ErrorKind.InvalidArgument, ErrorCodes.RequiredFieldMissing, field, $"{field} is required.");
            return;
        }

        MaxLength(value, field, maxLength);
    }

    public void MaxLength(string? value, string field, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(ErrorKind.ResourceExhausted, ErrorCodes.StringTooLong, field, $"{field} is longer than {maxLength} characters.");
        }
    }

    public void Add(ErrorKind errorKind, string code, string field, string message)
    {
        if (errors is null)
        {
            errors = ImmutableArray.CreateBuilder<FieldError>();
            kind = errorKind;
        }

        errors.Add(new FieldError(code, field, message));
    }

    /// <summary>Throws every violation found; the status is the first violation's kind.</summary>
    public readonly void ThrowIfInvalid()
    {
        if (errors is not null)
        {
            throw new DomainException(kind, errors.ToImmutable());
        }
    }
}
