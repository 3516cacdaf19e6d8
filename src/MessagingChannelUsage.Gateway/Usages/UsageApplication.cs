using MessagingChannelUsage.Gateway.Mapping.Admin;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;
using MessagingChannelUsage.Store.Abstractions;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Admin;

/// <summary>
/// create(), update(), upsert() and retrieve() of MessagingChannelUsage. Every rule runs (through
/// the record-rules validator) before the single store write, so a rejected call changes nothing.
/// Writes are compare-and-set on the SystemModstamp read: with the caller's expected stamp a
/// conflict is ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE; without it the masked change is re-applied
/// to the fresh record, so concurrent writers never lose each other's update.
/// </summary>
internal sealed class UsageAdmin(
    IChannelRepository channels,
    IUsageRepository usages,
    ModstampClock clock,
    DisableScheduleSync disableSchedule,
    ILogger<UsageAdmin> logger)
{
    public async Task<Proto.MessagingChannelUsage> CreateAsync(Proto.MessagingChannelUsage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckSizes(request);
        var created = await InsertAsync(UsageDraftMapping.ForCreate(request), request.MessagingChannelId, cancellationToken).ConfigureAwait(false);
        return created.ToProto();
    }

    public async Task<Proto.MessagingChannelUsage> UpdateAsync(Proto.UpdateUsageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var usage = request.Usage ?? throw AdminErrors.Required("usage", "usage is required.");
        CheckSizes(usage);
        if (request.UpdateMask is not { Paths.Count: > 0 } mask)
        {
            throw AdminErrors.Required("update_mask", "update_mask names the fields to change; it is empty.");
        }

        var sizes = new AdminLimits.Check().Count(mask.Paths.Count, AdminLimits.FieldNames, "update_mask");
        foreach (var path in mask.Paths.Take(AdminLimits.FieldNames))
        {
            sizes.Text(path, AdminLimits.FieldNameText, "update_mask");
        }

        sizes.ThrowIfAny();

        var id = IdArgument.Parse(usage.Id, KeyPrefixes.MessagingChannelUsage, UsageFields.Id.Name);
        var draft = UsageDraftMapping.ForUpdate(usage, mask.Paths);
        var expected = ProtoTime.FromProto(request.ExpectedSystemModstamp);
        var updated = await UpdateAsync(id, draft, allowUnchangedKeyFields: false, expected, cancellationToken).ConfigureAwait(false);
        return updated.ToProto();
    }

    public async Task<Proto.MessagingChannelUsage> UpsertAsync(Proto.MessagingChannelUsage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckSizes(request);
        if (request.Id.Length > 0)
        {
            // Salesforce's upsert on Id: the record must exist.
            var id = IdArgument.Parse(request.Id, KeyPrefixes.MessagingChannelUsage, UsageFields.Id.Name);
            var updated = await UpdateAsync(id, UsageDraftMapping.ForUpsertUpdate(request), allowUnchangedKeyFields: true, null, cancellationToken).ConfigureAwait(false);
            return updated.ToProto();
        }

        // Natural key (MessagingChannelId, DeploymentType). A malformed or missing key goes down
        // the create path, where the validator names what is wrong.
        var match = await FindByNaturalKeyAsync(request, cancellationToken).ConfigureAwait(false);
        if (match is null)
        {
            try
            {
                var created = await InsertAsync(UsageDraftMapping.ForCreate(request), request.MessagingChannelId, cancellationToken).ConfigureAwait(false);
                return created.ToProto();
            }
            catch (DomainException ex) when (ex.Kind == ErrorKind.AlreadyExists)
            {
                // Another upsert may have created the same natural key between our read and our
                // insert: then update that record; otherwise the duplicate is the answer.
                match = await FindByNaturalKeyAsync(request, cancellationToken).ConfigureAwait(false);
                if (match is null)
                {
                    throw;
                }
            }
        }

        var result = await UpdateAsync(match.Id, UsageDraftMapping.ForUpsertUpdate(request), allowUnchangedKeyFields: true, null, cancellationToken).ConfigureAwait(false);
        return result.ToProto();
    }

    public async Task<Proto.RetrieveUsagesResponse> RetrieveAsync(Proto.RetrieveUsagesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        new AdminLimits.Check()
            .Count(request.Ids.Count, AdminLimits.RetrieveIds, "ids")
            .Count(request.FieldNames.Count, AdminLimits.FieldNames, "field_names")
            .ThrowIfAny();

        var errors = System.Collections.Immutable.ImmutableArray.CreateBuilder<FieldError>();
        var fields = new List<UsageField>();
        foreach (var name in request.FieldNames)
        {
            if (name.Length <= AdminLimits.FieldNameText && UsageFields.TryFind(name, out var field))
            {
                fields.Add(field);
            }
            else
            {
                errors.Add(new FieldError(ErrorCodes.InvalidField, "field_names",
                    $"No such field of {UsageFields.ObjectName}: '{Shorten(name)}'."));
            }
        }

        var ids = new string[request.Ids.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            if (IdArgument.TryParse(request.Ids[i], KeyPrefixes.MessagingChannelUsage, $"ids[{i}]", out var id, out var error))
            {
                ids[i] = id;
            }
            else
            {
                errors.Add(error);
            }
        }

        if (errors.Count > 0)
        {
            throw new DomainException(ErrorKind.InvalidArgument, errors.ToImmutable());
        }

        var response = new Proto.RetrieveUsagesResponse();
        for (var i = 0; i < ids.Length; i++)
        {
            var usage = await usages.GetAsync(ids[i], cancellationToken).ConfigureAwait(false);
            var record = new Proto.RetrievedUsage { RequestedId = request.Ids[i], Found = usage is not null };
            if (usage is not null)
            {
                record.Usage = Project(usage.ToProto(), fields);
            }

            response.Records.Add(record);
        }

        return response;
    }

    private async Task<ChannelUsage> InsertAsync(UsageDraft draft, string requestedChannelId, CancellationToken cancellationToken)
    {
        var (channel, siblings) = await LoadChannelAsync(requestedChannelId, cancellationToken).ConfigureAwait(false);
        var now = clock.Now();
        var errors = UsageValidator.ValidateCreate(draft, channel, siblings);
        AdminErrors.ThrowIfAny(errors);
        var usage = UsageWriter.ApplyCreate(draft, UsageWriter.NewUsageId(), now);
        await usages.InsertAsync(usage, cancellationToken).ConfigureAwait(false);
        AdminLog.UsageCreated(logger, usage.Id, usage.DeploymentType, usage.MessagingChannelId, usage.DeploymentStatus);
        await disableSchedule.AfterWriteAsync(null, usage, cancellationToken).ConfigureAwait(false);
        return usage;
    }

    /// <summary>
    /// Read → validate → CAS write, again after a conflict (the draft is applied to the fresh
    /// record). With <paramref name="expected"/>, a stamp that differs fails at once instead.
    /// </summary>
    private async Task<ChannelUsage> UpdateAsync(
        string id,
        UsageDraft draft,
        bool allowUnchangedKeyFields,
        DateTimeOffset? expected,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await usages.GetAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw AdminErrors.NotFound(UsageFields.ObjectName, id, UsageFields.Id.Name);
            if (expected is { } stamp && stamp != current.SystemModstamp)
            {
                throw AdminErrors.StaleModstamp(id, stamp, current.SystemModstamp);
            }

            // Update cannot change the type or the channel, so the rules need only the record.
            AdminErrors.ThrowIfAny(UsageValidator.ValidateUpdate(current, draft, allowUnchangedKeyFields));
            var updated = UsageWriter.ApplyUpdate(current, draft, clock.After(current.SystemModstamp));
            try
            {
                await usages.ReplaceAsync(updated, current.SystemModstamp, cancellationToken).ConfigureAwait(false);
            }
            catch (DomainException ex) when (AdminErrors.IsConcurrencyConflict(ex) && expected is null && attempt < WriteConflicts.MaxAttempts)
            {
                AdminLog.WriteConflictRetry(logger, id, attempt);
                await WriteConflicts.BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            AdminLog.UsageUpdated(logger, id, current.DeploymentStatus, updated.DeploymentStatus);
            await disableSchedule.AfterWriteAsync(current, updated, cancellationToken).ConfigureAwait(false);
            return updated;
        }
    }

    private async Task<(MessagingChannel? Channel, IReadOnlyList<ChannelUsage> Siblings)> LoadChannelAsync(string requestedChannelId, CancellationToken cancellationToken)
    {
        // Only a well-formed id is looked up; the validator reports a malformed or unknown one.
        if (!SalesforceId.TryNormalize(requestedChannelId, out var channelId, out _, KeyPrefixes.MessagingChannel))
        {
            return (null, []);
        }

        var channel = await channels.GetAsync(channelId, cancellationToken).ConfigureAwait(false);
        if (channel is null)
        {
            return (null, []);
        }

        return (channel, await usages.ListByChannelAsync(channelId, cancellationToken).ConfigureAwait(false));
    }

    private async Task<ChannelUsage?> FindByNaturalKeyAsync(Proto.MessagingChannelUsage request, CancellationToken cancellationToken)
    {
        if (request.DeploymentType == Proto.DeploymentType.Unspecified
            || !SalesforceId.TryNormalize(request.MessagingChannelId, out var channelId, out _, KeyPrefixes.MessagingChannel))
        {
            return null;
        }

        var siblings = await usages.ListByChannelAsync(channelId, cancellationToken).ConfigureAwait(false);
        return siblings.FirstOrDefault(u => (int)u.DeploymentType == (int)request.DeploymentType);
    }

    /// <summary>Keeps only the requested fields (and Id, which retrieve always returns).</summary>
    private static Proto.MessagingChannelUsage Project(Proto.MessagingChannelUsage usage, List<UsageField> fields)
        => fields.Count == 0 ? usage : QueryMapping.Project(usage, new HashSet<UsageField>(fields) { UsageFields.Id });

    private static void CheckSizes(Proto.MessagingChannelUsage usage)
        // Ids longer than any id are refused as too long before they are parsed or echoed back.
        => new AdminLimits.Check()
            .Text(usage.Id, AdminLimits.IdText, UsageFields.Id.Name)
            .Text(usage.MessagingChannelId, AdminLimits.IdText, UsageFields.MessagingChannelId.Name)
            .ThrowIfAny();

    private static string Shorten(string text) => text.Length <= AdminLimits.FieldNameText ? text : string.Concat(text.AsSpan(0, AdminLimits.FieldNameText), "…");
}
