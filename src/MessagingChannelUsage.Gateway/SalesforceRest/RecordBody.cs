using System.Collections.Immutable;
using System.Text.Json;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Gateway.SalesforceRest;

/// <summary>
/// A request body of field API names → <see cref="UsageDraft"/>, the same draft the gRPC surface
/// builds, so the same validator decides. Only the JSON shape is checked here: an unknown field
/// is INVALID_FIELD, a value that is not a string or null is JSON_PARSER_ERROR, a picklist text
/// that names no value is INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST (a draft carries numbers).
/// "attributes" (jsforce and composite requests send it) is ignored.
/// </summary>
internal static class RecordBody
{
    public const string JsonParserError = ErrorCodes.JsonParserError;

    public static UsageDraft Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new DomainException(ErrorKind.InvalidArgument, JsonParserError, null, "The request body must be a JSON object of field names and values.");
        }

        var draft = new UsageDraft();
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        foreach (var property in body.EnumerateObject())
        {
            if (property.NameEquals("attributes"))
            {
                continue;
            }

            if (!UsageFields.TryFind(property.Name, out var field) || !string.Equals(field.Name, property.Name, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new FieldError(ErrorCodes.InvalidField, property.Name, $"No such column '{Shorten(property.Name)}' on sobject of type {UsageFields.ObjectName}"));
                continue;
            }

            if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                errors.Add(new FieldError(JsonParserError, field.Name, $"Cannot deserialize instance of {field.Type.ToString().ToLowerInvariant()} from {property.Value.ValueKind} value for field {field.Name}"));
                continue;
            }

            var text = property.Value.GetString();
            if (Given(draft, field, text) is { } next)
            {
                draft = next;
            }
            else
            {
                errors.Add(new FieldError(ErrorCodes.InvalidOrNullForRestrictedPicklist, field.Name, $"bad value for restricted picklist field: {Shorten(text ?? string.Empty)}"));
            }
        }

        if (errors.Count > 0)
        {
            throw new DomainException(ErrorKind.InvalidArgument, errors.ToImmutable());
        }

        return draft;
    }

    /// <summary>The draft with <paramref name="field"/> given; null for a picklist text that names no value.</summary>
    private static UsageDraft? Given(UsageDraft draft, UsageField field, string? text) => field.Name switch
    {
        nameof(UsageDraft.Id) => draft with { Id = FieldValue.Of(text) },
        nameof(UsageDraft.MessagingChannelId) => draft with { MessagingChannelId = FieldValue.Of(text) },
        nameof(UsageDraft.DeploymentType) => Picklist<DeploymentType>(text) is { } v ? draft with { DeploymentType = v } : null,
        nameof(UsageDraft.DeploymentStatus) => Picklist<DeploymentStatus>(text) is { } v ? draft with { DeploymentStatus = v } : null,
        nameof(UsageDraft.ConsentType) => Picklist<ConsentType>(text) is { } v ? draft with { ConsentType = v } : null,
        nameof(UsageDraft.ErrorReason) => Picklist<ErrorReason>(text) is { } v ? draft with { ErrorReason = v } : null,
        nameof(UsageDraft.RoutingOverride) => Picklist<RoutingOverride>(text) is { } v ? draft with { RoutingOverride = v } : null,
        // System fields: given (so the validator answers INVALID_FIELD_FOR_INSERT_UPDATE); the value does not matter.
        nameof(UsageDraft.DisabledTime) => draft with { DisabledTime = Time(text) },
        nameof(UsageDraft.CreatedDate) => draft with { CreatedDate = Time(text) },
        nameof(UsageDraft.LastModifiedDate) => draft with { LastModifiedDate = Time(text) },
        nameof(UsageDraft.SystemModstamp) => draft with { SystemModstamp = Time(text) },
        _ => draft,
    };

    /// <summary>Null or empty text = set to null; a known API name = its number; else null (unknown).</summary>
    private static FieldValue<int?>? Picklist<TEnum>(string? text)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrEmpty(text))
        {
            return FieldValue.Of<int?>(null);
        }

        return Picklists.TryParse<TEnum>(text, out var value) ? FieldValue.Of<int?>(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)) : null;
    }

    private static FieldValue<DateTimeOffset?> Time(string? text)
        => FieldValue.Of<DateTimeOffset?>(text is null ? null : SalesforceDates.ParseHeader(text) ?? DateTimeOffset.MinValue);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
