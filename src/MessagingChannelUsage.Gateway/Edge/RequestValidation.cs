using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;

namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>
/// The one validation kit of the gateway's edge: collects every violation of one request (not
/// just the first) and throws them together; the status is the first violation's kind. Nothing
/// is allocated while the request is valid. Field names are the request's own.
/// </summary>
/// <remarks>
/// One answer per mistake, whatever the RPC: a missing value (an empty id included) is
/// REQUIRED_FIELD_MISSING; a malformed id is INVALID_ID_FIELD; a string or list over its limit is
/// STRING_TOO_LONG (ResourceExhausted). Callers that refuse oversize input before parsing it call
/// <see cref="ThrowIfInvalid"/> after the size checks.
/// </remarks>
internal struct RequestValidation
{
    private ImmutableArray<FieldError>.Builder? errors;
    private ErrorKind kind;

    public readonly bool IsValid => errors is null;

    /// <summary>A required id of one object (15 or 18 chars, the object's key prefix); returns the 18-char form.</summary>
    public string Id(string? value, string field, string keyPrefix)
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

        Add(ErrorKind.InvalidArgument, ErrorCodes.InvalidIdField, field, $"{field} {SalesforceId.Explain(value, error, keyPrefix)}.");
        return string.Empty;
    }

    /// <summary>An optional id: empty → null.</summary>
    public string? OptionalId(string? value, string field, string keyPrefix)
        => string.IsNullOrEmpty(value) ? null : Id(value, field, keyPrefix);

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
            Add(ErrorKind.ResourceExhausted, ErrorCodes.StringTooLong, field, $"{field} has {value.Length} characters; the limit is {maxLength}.");
        }
    }

    public void MaxCount(int count, string field, int max)
    {
        if (count > max)
        {
            Add(ErrorKind.ResourceExhausted, ErrorCodes.StringTooLong, field, $"{field} has {count} entries; the limit is {max}.");
        }
    }

    /// <summary>A page size: 0 → <paramref name="defaultSize"/>, above <paramref name="max"/> → max, negative → an error.</summary>
    public int PageSize(int requested, string field, int defaultSize, int max)
    {
        if (requested < 0)
        {
            Add(ErrorKind.InvalidArgument, ErrorCodes.FieldIntegrityException, field, $"{field} cannot be negative.");
            return defaultSize;
        }

        return requested == 0 ? defaultSize : Math.Min(requested, max);
    }

    public void Add(ErrorKind errorKind, string code, string field, string message)
    {
        if (errors is null)
        {
            errors = ImmutableArray.CreateBuilder<FieldError>();
            this.kind = errorKind;
        }

        errors.Add(new FieldError(code, field, message));
    }

    /// <summary>Throws every violation found; the status is the first violation's kind.</summary>
    public readonly void ThrowIfInvalid()
    {
        if (errors is not null)
        {
            throw new DomainException(this.kind, errors.ToImmutable());
        }
    }

    /// <summary>One required id on its own: the 18-character form, or the violation thrown.</summary>
    public static string ParseId(string? value, string field, string keyPrefix)
    {
        var validation = default(RequestValidation);
        var id = validation.Id(value, field, keyPrefix);
        validation.ThrowIfInvalid();
        return id;
    }
}
