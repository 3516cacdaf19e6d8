using MessagingChannelUsage.Routing.Metadata;

namespace MessagingChannelUsage.Routing.Rules;

/// <summary>
/// A create or update request of MessagingChannelUsage as the client sent it, before any rule
/// ran: each field is not given, given as null, or given with a value. Picklists are raw wire
/// numbers (an unknown number is a client error the validator reports, not a mapping error), so
/// the gateway maps proto → draft without validating anything itself. On update, the gateway
/// sets exactly the fields named in the update mask. The record's own id is not part of an
/// update draft (it names the target); <see cref="Id"/> is there so a client that tries to SET
/// it is told no.
/// </summary>
public sealed record UsageDraft
{
    public FieldValue<string?> Id { get; init; }
    public FieldValue<string?> MessagingChannelId { get; init; }
    public FieldValue<int?> DeploymentType { get; init; }
    public FieldValue<int?> DeploymentStatus { get; init; }
    public FieldValue<int?> ConsentType { get; init; }
    public FieldValue<int?> ErrorReason { get; init; }
    public FieldValue<int?> RoutingOverride { get; init; }
    public FieldValue<DateTimeOffset?> DisabledTime { get; init; }
    public FieldValue<DateTimeOffset?> CreatedDate { get; init; }
    public FieldValue<DateTimeOffset?> LastModifiedDate { get; init; }
    public FieldValue<DateTimeOffset?> SystemModstamp { get; init; }

    /// <summary>What the draft says about one field of the table, in a shape every field shares.</summary>
    internal DraftField Inspect(UsageField field) => field.Name switch
    {
        nameof(Id) => DraftField.From(Id),
        nameof(MessagingChannelId) => DraftField.From(MessagingChannelId),
        nameof(DeploymentType) => DraftField.From(DeploymentType),
        nameof(DeploymentStatus) => DraftField.From(DeploymentStatus),
        nameof(ConsentType) => DraftField.From(ConsentType),
        nameof(ErrorReason) => DraftField.From(ErrorReason),
        nameof(RoutingOverride) => DraftField.From(RoutingOverride),
        nameof(DisabledTime) => DraftField.From(DisabledTime),
        nameof(CreatedDate) => DraftField.From(CreatedDate),
        nameof(LastModifiedDate) => DraftField.From(LastModifiedDate),
        nameof(SystemModstamp) => DraftField.From(SystemModstamp),
        _ => default,
    };
}

/// <summary>One field of a draft: given?, null?, and the value (picklist number or text).</summary>
internal readonly record struct DraftField(bool IsGiven, bool IsNull, int? Number, string? Text)
{
    public static DraftField From(FieldValue<int?> value) => new(value.IsGiven, value.Value is null, value.Value, null);

    public static DraftField From(FieldValue<string?> value)
        => new(value.IsGiven, string.IsNullOrEmpty(value.Value), null, value.Value);

    public static DraftField From(FieldValue<DateTimeOffset?> value) => new(value.IsGiven, value.Value is null, null, null);
}
