using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Rules;

/// <summary>
/// The record rules of domain.md §2 (1-9) for a create or update of MessagingChannelUsage.
/// Returns EVERY violation (empty = valid). The per-field rules (4, 5 and the required fields of
/// 6) are driven by the field table <see cref="UsageFields"/>; the cross-field rules then run on
/// the fields that passed, so one bad value is reported once, not again by every rule using it.
/// Rule 10 (SystemModstamp) and 11 (upsert matching) belong to the store and the gateway.
/// </summary>
public static class UsageValidator
{
    /// <summary>Fields that are createable and not nillable but have a default (rule 6: DeploymentStatus = New).</summary>
    private static readonly ImmutableHashSet<string> DefaultedOnCreate = [UsageFields.DeploymentStatus.Name];

    /// <summary>
    /// Rules for a create. <paramref name="channel"/> is the channel the draft names, or null when
    /// no such channel exists; <paramref name="existingUsages"/> are that channel's usages.
    /// </summary>
    public static ImmutableArray<FieldError> ValidateCreate(
        UsageDraft draft,
        MessagingChannel? channel,
        IReadOnlyCollection<ChannelUsage> existingUsages)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(existingUsages);
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        CheckFields(draft, isCreate: true, existing: null, allowUnchangedKeyFields: false, errors);

        var channelId = draft.MessagingChannelId;
        if (channelId.IsGiven && !string.IsNullOrEmpty(channelId.Value) && !Failed(errors, UsageFields.MessagingChannelId))
        {
            // Rule 6: the reference names an existing channel.
            if (channel is null)
            {
                errors.Add(new FieldError(ErrorCodes.InvalidCrossReferenceKey, UsageFields.MessagingChannelId.Name,
                    $"No MessagingChannel has the id '{channelId.Value}'."));
            }
        }

        var type = ValidPicklist<DeploymentType>(draft.DeploymentType, UsageFields.DeploymentType, errors);
        if (channel is not null)
        {
            // Rule 1: at most three usages, one per DeploymentType.
            if (existingUsages.Count >= 3)
            {
                errors.Add(new FieldError(ErrorCodes.DuplicateValue, UsageFields.MessagingChannelId.Name,
                    "A channel has at most three usages."));
            }

            if (type is { } t && existingUsages.Any(u => u.DeploymentType == t))
            {
                errors.Add(new FieldError(ErrorCodes.DuplicateValue, UsageFields.DeploymentType.Name,
                    $"The channel already has a usage of DeploymentType {t}."));
            }

            // Rule 2: an Enhanced channel has exactly one usage, of DeploymentType Conversation.
            if (channel.Kind == ChannelKind.Enhanced)
            {
                if (existingUsages.Count >= 1)
                {
                    errors.Add(new FieldError(ErrorCodes.FieldIntegrityException, UsageFields.MessagingChannelId.Name,
                        "An Enhanced channel has exactly one usage."));
                }

                if (type is { } enhancedType && enhancedType != DeploymentType.Conversation)
                {
                    errors.Add(new FieldError(ErrorCodes.FieldIntegrityException, UsageFields.DeploymentType.Name,
                        $"An Enhanced channel's usage is of DeploymentType Conversation, not {enhancedType}."));
                }
            }
        }

        CheckRoutingOverride(draft.RoutingOverride, type, errors);

        // Rule 7 (decision): a create accepts any status; rule 8: a reason only with Error.
        var status = draft.DeploymentStatus.IsGiven
            ? ValidPicklist<DeploymentStatus>(draft.DeploymentStatus, UsageFields.DeploymentStatus, errors)
            : DeploymentStatus.New;
        CheckErrorReason(draft.ErrorReason, status, errors);
        return errors.ToImmutable();
    }

    /// <summary>
    /// Rules for an update of <paramref name="existing"/>. With <paramref name="allowUnchangedKeyFields"/>
    /// (an upsert that matched a record), fields that cannot be updated may be given with the
    /// record's current value, as an upsert repeats its match key.
    /// </summary>
    public static ImmutableArray<FieldError> ValidateUpdate(ChannelUsage existing, UsageDraft draft, bool allowUnchangedKeyFields = false)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(draft);
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        CheckFields(draft, isCreate: false, existing, allowUnchangedKeyFields, errors);

        CheckRoutingOverride(draft.RoutingOverride, existing.DeploymentType, errors);

        // Rule 7: status changes follow the lifecycle; the same value is a no-op.
        var status = existing.DeploymentStatus;
        if (ValidPicklist<DeploymentStatus>(draft.DeploymentStatus, UsageFields.DeploymentStatus, errors) is { } to)
        {
            if (to != existing.DeploymentStatus && !Lifecycle.IsAllowed(existing.DeploymentStatus, to))
            {
                errors.Add(Lifecycle.IllegalTransition(existing.DeploymentStatus, to));
            }
            else
            {
                status = to;
            }
        }

        CheckErrorReason(draft.ErrorReason, status, errors);
        return errors.ToImmutable();
    }

    /// <summary>Rules 4, 5 and the required fields of 6, field by field from the table.</summary>
    private static void CheckFields(
        UsageDraft draft,
        bool isCreate,
        ChannelUsage? existing,
        bool allowUnchangedKeyFields,
        ImmutableArray<FieldError>.Builder errors)
    {
        foreach (var field in UsageFields.All)
        {
            var value = draft.Inspect(field);
            if (!value.IsGiven)
            {
                if (isCreate && field.Createable && !field.Nillable && !DefaultedOnCreate.Contains(field.Name))
                {
                    errors.Add(new FieldError(ErrorCodes.RequiredFieldMissing, field.Name, $"{field.Name} is required on create."));
                }

                continue;
            }

            var writable = isCreate ? field.Createable : field.Updateable;
            if (!writable)
            {
                if (!(allowUnchangedKeyFields && existing is not null && IsUnchanged(field, value, existing)))
                {
                    errors.Add(new FieldError(ErrorCodes.InvalidFieldForInsertUpdate, field.Name,
                        $"{field.Name} cannot be given on {(isCreate ? "create" : "update")}."));
                }

                continue;
            }

            if (value.IsNull)
            {
                if (!field.Nillable)
                {
                    errors.Add(new FieldError(ErrorCodes.RequiredFieldMissing, field.Name, $"{field.Name} cannot be null."));
                }

                continue;
            }

            if (field.RestrictedPicklist && !field.PicklistValues.Any(v => v.Number == value.Number))
            {
                errors.Add(new FieldError(ErrorCodes.InvalidOrNullForRestrictedPicklist, field.Name,
                    $"{value.Number} is not a value of the restricted picklist {field.Name}."));
                continue;
            }

            if (field.Type == FieldType.Reference
                && !SalesforceId.TryNormalize(value.Text, out _, out _, KeyPrefixes.MessagingChannel))
            {
                errors.Add(new FieldError(ErrorCodes.InvalidCrossReferenceKey, field.Name,
                    $"'{value.Text}' is not the id of a {field.ReferenceTo}."));
            }
        }
    }

    private static bool IsUnchanged(UsageField field, DraftField value, ChannelUsage existing)
    {
        var current = field.Get(existing);
        if (value.IsNull)
        {
            return current is null;
        }

        return field.Type switch
        {
            FieldType.Picklist => current is string apiName
                && field.PicklistValues.Any(v => v.Number == value.Number && v.ApiName == apiName),
            FieldType.Reference or FieldType.Id => value.Text is not null
                && SalesforceId.TryNormalize(value.Text, out var id18, out _)
                && string.Equals(id18, current as string, StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>Rule 3: RoutingOverride only on an MJ usage.</summary>
    private static void CheckRoutingOverride(FieldValue<int?> routingOverride, DeploymentType? type, ImmutableArray<FieldError>.Builder errors)
    {
        if (routingOverride is { IsGiven: true, Value: not null } && type is { } t && t != DeploymentType.MJ
            && !Failed(errors, UsageFields.RoutingOverride))
        {
            errors.Add(new FieldError(ErrorCodes.FieldIntegrityException, UsageFields.RoutingOverride.Name,
                $"RoutingOverride applies only to a usage of DeploymentType MJ, not {t}."));
        }
    }

    /// <summary>Rule 8: an ErrorReason only while the status (after the write) is Error.</summary>
    private static void CheckErrorReason(FieldValue<int?> errorReason, DeploymentStatus? status, ImmutableArray<FieldError>.Builder errors)
    {
        if (errorReason is { IsGiven: true, Value: not null } && status is { } s && s != DeploymentStatus.Error
            && !Failed(errors, UsageFields.ErrorReason))
        {
            errors.Add(new FieldError(ErrorCodes.FieldIntegrityException, UsageFields.ErrorReason.Name,
                $"ErrorReason may be set only while DeploymentStatus is Error (it is {s})."));
        }
    }

    /// <summary>The picklist value when given, non-null and valid; null otherwise (already reported).</summary>
    private static TEnum? ValidPicklist<TEnum>(FieldValue<int?> value, UsageField field, ImmutableArray<FieldError>.Builder errors)
        where TEnum : struct, Enum
        => value is { IsGiven: true, Value: { } number } && !Failed(errors, field) && Picklists.IsDefined<TEnum>(number)
            ? (TEnum)Enum.ToObject(typeof(TEnum), number)
            : null;

    private static bool Failed(ImmutableArray<FieldError>.Builder errors, UsageField field)
        => errors.Any(e => e.Field == field.Name);
}
