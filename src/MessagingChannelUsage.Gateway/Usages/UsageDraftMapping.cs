using System.Collections.Immutable;
using Google.Protobuf.WellKnownTypes;
using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Rules;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Usages;

/// <summary>
/// Proto → <see cref="UsageDraft"/>, the record-rules validator's input. Nothing is validated
/// here: enum numbers pass through raw (an unknown number reaches the validator, which reports
/// INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST), ids pass through as text.
/// </summary>
/// <remarks>
/// proto3 cannot tell "not given" from "null" for an enum or a string, so:
/// on create, a zero enum / empty string / absent timestamp is NOT GIVEN (defaults apply);
/// on update, only the fields named in the mask are given, and a masked zero / empty / absent
/// value means SET TO NULL.
/// </remarks>
internal static class UsageDraftMapping
{
    /// <summary>Create (and the create path of upsert): every non-default field is given.</summary>
    public static UsageDraft ForCreate(Proto.MessagingChannelUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return new UsageDraft
        {
            Id = GivenText(usage.Id),
            MessagingChannelId = GivenText(usage.MessagingChannelId),
            DeploymentType = GivenEnum((int)usage.DeploymentType),
            DeploymentStatus = GivenEnum((int)usage.DeploymentStatus),
            ConsentType = GivenEnum((int)usage.ConsentType),
            ErrorReason = GivenEnum((int)usage.ErrorReason),
            RoutingOverride = GivenEnum((int)usage.RoutingOverride),
            DisabledTime = GivenTime(usage.DisabledTime, "disabled_time"),
            CreatedDate = GivenTime(usage.CreatedDate, "created_date"),
            LastModifiedDate = GivenTime(usage.LastModifiedDate, "last_modified_date"),
            SystemModstamp = GivenTime(usage.SystemModstamp, "system_modstamp"),
        };
    }

    /// <summary>
    /// Update: exactly the masked fields are given (zero = null). Mask paths are proto names or
    /// Salesforce names, case-insensitive; an unknown path is INVALID_FIELD. The record id names
    /// the target and is given only when the mask names it (the validator then refuses it).
    /// </summary>
    public static UsageDraft ForUpdate(Proto.MessagingChannelUsage usage, IEnumerable<string> maskPaths)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(maskPaths);
        var draft = new UsageDraft();
        var unknown = ImmutableArray.CreateBuilder<FieldError>();
        foreach (var path in maskPaths)
        {
            if (!UsageFields.TryFind(path, out var field))
            {
                unknown.Add(new FieldError(ErrorCodes.InvalidField, path, $"No such field of {UsageFields.ObjectName}: '{path}'."));
                continue;
            }

            draft = Given(draft, field, usage);
        }

        if (unknown.Count > 0)
        {
            throw new DomainException(ErrorKind.InvalidArgument, unknown.ToImmutable());
        }

        return draft;
    }

    /// <summary>
    /// The update path of upsert: the given (non-default) fields except the record id (it names
    /// the target). The natural key may be repeated: the validator accepts unchanged key fields.
    /// </summary>
    public static UsageDraft ForUpsertUpdate(Proto.MessagingChannelUsage usage)
        => ForCreate(usage) with { Id = default };

    private static UsageDraft Given(UsageDraft draft, UsageField field, Proto.MessagingChannelUsage usage) => field.Name switch
    {
        nameof(UsageDraft.Id) => draft with { Id = FieldValue.Of<string?>(NullIfEmpty(usage.Id)) },
        nameof(UsageDraft.MessagingChannelId) => draft with { MessagingChannelId = FieldValue.Of<string?>(NullIfEmpty(usage.MessagingChannelId)) },
        nameof(UsageDraft.DeploymentType) => draft with { DeploymentType = MaskedEnum((int)usage.DeploymentType) },
        nameof(UsageDraft.DeploymentStatus) => draft with { DeploymentStatus = MaskedEnum((int)usage.DeploymentStatus) },
        nameof(UsageDraft.ConsentType) => draft with { ConsentType = MaskedEnum((int)usage.ConsentType) },
        nameof(UsageDraft.ErrorReason) => draft with { ErrorReason = MaskedEnum((int)usage.ErrorReason) },
        nameof(UsageDraft.RoutingOverride) => draft with { RoutingOverride = MaskedEnum((int)usage.RoutingOverride) },
        nameof(UsageDraft.DisabledTime) => draft with { DisabledTime = FieldValue.Of(TimeMapping.ToDomain(usage.DisabledTime, "disabled_time")) },
        nameof(UsageDraft.CreatedDate) => draft with { CreatedDate = FieldValue.Of(TimeMapping.ToDomain(usage.CreatedDate, "created_date")) },
        nameof(UsageDraft.LastModifiedDate) => draft with { LastModifiedDate = FieldValue.Of(TimeMapping.ToDomain(usage.LastModifiedDate, "last_modified_date")) },
        nameof(UsageDraft.SystemModstamp) => draft with { SystemModstamp = FieldValue.Of(TimeMapping.ToDomain(usage.SystemModstamp, "system_modstamp")) },
        _ => throw new InvalidOperationException($"UsageFields has {field.Name}, which UsageDraft lacks."),
    };

    private static FieldValue<string?> GivenText(string value) => value.Length == 0 ? default : FieldValue.Of<string?>(value);

    private static FieldValue<int?> GivenEnum(int number) => number == 0 ? default : FieldValue.Of<int?>(number);

    private static FieldValue<int?> MaskedEnum(int number) => FieldValue.Of<int?>(number == 0 ? null : number);

    private static FieldValue<DateTimeOffset?> GivenTime(Timestamp? value, string field) => value is null ? default : FieldValue.Of(TimeMapping.ToDomain(value, field));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
