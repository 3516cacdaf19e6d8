using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Rules;

/// <summary>
/// Turns a draft that <see cref="UsageValidator"/> accepted into the record to store. The Apply
/// and Try… functions are pure (the id and the time are passed in); <see cref="NewUsageId"/> is
/// not (it draws a random id) and is kept apart for the caller to call first.
/// </summary>
public static class UsageWriter
{
    /// <summary>
    /// The new usage of a valid create draft: status New unless given, ErrorReason InternalError
    /// when created in Error without one, DisabledTime <paramref name="now"/> when created
    /// Disabled, the three system dates <paramref name="now"/>.
    /// </summary>
    /// <exception cref="DomainException">The draft does not validate (a caller bug: validate first).</exception>
    public static ChannelUsage ApplyCreate(UsageDraft draft, string id, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (draft.MessagingChannelId.Value is not { } rawChannelId
            || !SalesforceId.TryNormalize(rawChannelId, out var channelId, out _)
            || Parse<DeploymentType>(draft.DeploymentType) is not { } type)
        {
            throw Invalid();
        }

        var status = draft.DeploymentStatus.IsGiven
            ? Parse<DeploymentStatus>(draft.DeploymentStatus) ?? throw Invalid()
            : DeploymentStatus.New;
        var usage = new ChannelUsage
        {
            Id = id,
            MessagingChannelId = channelId,
            DeploymentType = type,
            DeploymentStatus = status,
            ConsentType = Parse<ConsentType>(draft.ConsentType),
            RoutingOverride = Parse<RoutingOverride>(draft.RoutingOverride),
            CreatedDate = now,
        };
        // Entering the status sets ErrorReason and DisabledTime as rules 8 and 9 say.
        return Lifecycle.Enter(usage, status, Parse<ErrorReason>(draft.ErrorReason), now);
    }

    /// <summary>
    /// <paramref name="existing"/> with a valid update draft applied: a status change enters the
    /// new status (ErrorReason and DisabledTime follow), LastModifiedDate and SystemModstamp
    /// become <paramref name="now"/>. Decision: ErrorReason set to null while the usage stays in
    /// Error becomes InternalError (a usage in Error always says why).
    /// </summary>
    public static ChannelUsage ApplyUpdate(ChannelUsage existing, UsageDraft draft, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(draft);
        var updated = existing with
        {
            ConsentType = draft.ConsentType.IsGiven ? Parse<ConsentType>(draft.ConsentType) : existing.ConsentType,
            RoutingOverride = draft.RoutingOverride.IsGiven ? Parse<RoutingOverride>(draft.RoutingOverride) : existing.RoutingOverride,
        };
        var status = draft.DeploymentStatus.IsGiven
            ? Parse<DeploymentStatus>(draft.DeploymentStatus) ?? throw Invalid()
            : existing.DeploymentStatus;
        var reason = draft.ErrorReason.IsGiven ? Parse<ErrorReason>(draft.ErrorReason) : existing.ErrorReason;
        return Lifecycle.Enter(updated, status, reason, now);
    }

    /// <summary>Validate + apply a create. <paramref name="newId"/> is called only when the draft is valid.</summary>
    public static ImmutableArray<FieldError> TryCreate(
        UsageDraft draft,
        MessagingChannel? channel,
        IReadOnlyCollection<ChannelUsage> existingUsages,
        Func<string> newId,
        DateTimeOffset now,
        out ChannelUsage? created)
    {
        ArgumentNullException.ThrowIfNull(newId);
        var errors = UsageValidator.ValidateCreate(draft, channel, existingUsages);
        created = errors.IsEmpty ? ApplyCreate(draft, newId(), now) : null;
        return errors;
    }

    /// <summary>Validate + apply an update.</summary>
    public static ImmutableArray<FieldError> TryUpdate(
        ChannelUsage existing,
        UsageDraft draft,
        DateTimeOffset now,
        out ChannelUsage? updated,
        bool allowUnchangedKeyFields = false)
    {
        var errors = UsageValidator.ValidateUpdate(existing, draft, allowUnchangedKeyFields);
        updated = errors.IsEmpty ? ApplyUpdate(existing, draft, now) : null;
        return errors;
    }

    /// <summary>A new MessagingChannelUsage id (prefix <see cref="KeyPrefixes.MessagingChannelUsage"/>).</summary>
    public static string NewUsageId() => SalesforceId.NewId(KeyPrefixes.MessagingChannelUsage);

    private static TEnum? Parse<TEnum>(FieldValue<int?> value)
        where TEnum : struct, Enum
        => value.Value is { } number
            ? Picklists.IsDefined<TEnum>(number) ? (TEnum)Enum.ToObject(typeof(TEnum), number) : throw Invalid()
            : null;

    private static DomainException Invalid()
        => new(ErrorKind.InvalidArgument, ErrorCodes.FieldIntegrityException, null,
            "The usage draft was applied without passing validation.");
}
