using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Gateway.Security;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Query;
using MessagingChannelUsage.Routing.Rules;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Query;

namespace MessagingChannelUsage.Gateway.Usages;

/// <summary>
/// MessagingChannelUsage records: create, update, upsert, retrieve, query()/queryMore() and
/// describe. Every rule is the routing core's (<see cref="UsageValidator"/>, <see cref="UsageWriter"/>,
/// the SOQL engine); this class reads, decides with them and writes once with CAS on the
/// SystemModstamp read, re-deciding on the fresh record after a conflict.
/// </summary>
/// <remarks>
/// The SOQL is parsed and checked against the field table before the store is read, so a
/// malformed query (MALFORMED_QUERY with its position) or a field used against its properties
/// (INVALID_FIELD) costs no store call. Describe of an object other than MessagingChannelUsage is
/// NotFound with INVALID_TYPE (Salesforce's code for an sObject type it does not know) on "name".
/// </remarks>
internal sealed class UsageApplication(
    IChannelRepository channels,
    IUsageRepository usages,
    UsageQueryPager pager,
    ModstampClock clock,
    ChangeWatch changeWatch,
    ILogger<UsageApplication> logger)
{
    /// <summary>
    /// The change stream (domain.md §10) of the channels named (all when none), after
    /// <paramref name="resumeToken"/> or from now, until the caller stops reading.
    /// </summary>
    public IAsyncEnumerable<StoredChange> WatchChangesAsync(
        string caller, string? resumeToken, IReadOnlySet<string> channelIds, CancellationToken cancellationToken)
        => changeWatch.WatchAsync(caller, resumeToken, channelIds, cancellationToken);

    public Task<ChannelUsage> CreateAsync(UsageDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return InsertAsync(draft, cancellationToken);
    }

    /// <summary>
    /// Applies the draft to the record <paramref name="id"/>. With <paramref name="expected"/> (the
    /// SystemModstamp the client read), a stamp that differs fails at once instead of retrying.
    /// </summary>
    public Task<ChannelUsage> UpdateAsync(string id, UsageDraft draft, DateTimeOffset? expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return UpdateAsync(id, draft, allowUnchangedKeyFields: false, expected, cancellationToken);
    }

    /// <summary>
    /// Salesforce's upsert: on Id when <paramref name="id"/> is given (the record must exist),
    /// else on the natural key (MessagingChannelId, DeploymentType). <paramref name="draft"/> is
    /// the create draft; the update path ignores its Id.
    /// </summary>
    public async Task<ChannelUsage> UpsertAsync(string? id, UsageDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var update = draft with { Id = default };
        if (id is not null)
        {
            return await UpdateAsync(id, update, allowUnchangedKeyFields: true, null, cancellationToken);
        }

        // A malformed or missing natural key goes down the create path, where the validator
        // names what is wrong.
        var match = await FindByNaturalKeyAsync(draft, cancellationToken);
        if (match is null)
        {
            try
            {
                return await InsertAsync(draft, cancellationToken);
            }
            catch (DomainException ex) when (ex.Kind == ErrorKind.AlreadyExists)
            {
                // Another upsert may have created the same natural key between our read and our
                // insert: then update that record; otherwise the duplicate is the answer.
                match = await FindByNaturalKeyAsync(draft, cancellationToken);
                if (match is null)
                {
                    throw;
                }
            }
        }

        return await UpdateAsync(match.Id, update, allowUnchangedKeyFields: true, null, cancellationToken);
    }

    /// <summary>The records of <paramref name="ids"/> in their order; null where none exists.</summary>
    public async Task<IReadOnlyList<ChannelUsage?>> RetrieveAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var records = new ChannelUsage?[ids.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = await usages.GetAsync(ids[i], cancellationToken);
        }

        return records;
    }

    /// <summary>
    /// query() of <paramref name="soql"/>, or queryMore() when <paramref name="cursor"/> (a query
    /// locator) is given: later pages come from the result snapshot the first page saved. Only
    /// the records of the channels in <paramref name="visible"/> are queried, so rows (and counts)
    /// of other channels never appear; a later page read with a locator from someone else's
    /// query is cut to those records too (an aggregate page of such a locator is refused).
    /// </summary>
    public async Task<QueryResult> QueryAsync(string? soql, string? cursor, int batchSize, ChannelAccess visible, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visible);
        if (cursor is not null)
        {
            var more = await pager.QueryMoreAsync(cursor, batchSize, cancellationToken);
            return visible.IsAll ? more : VisibleOnly(more, visible);
        }

        if (string.IsNullOrWhiteSpace(soql))
        {
            throw RecordErrors.Required("soql", "soql (or a page_token from a previous page) is required.");
        }

        var query = SoqlParser.Parse(soql);
        return await pager.QueryAsync(
            query,
            batchSize,
            visible.IsAll ? null : record => visible.Allows(record.MessagingChannelId),
            cancellationToken);
    }

    private static QueryResult VisibleOnly(QueryResult page, ChannelAccess visible)
        => page.AggregateRows.Count > 0
            ? throw AccessErrors.DeniedItem()
            : page with { Records = page.Records.Where(record => visible.Allows(record.MessagingChannelId)).ToList() };

    /// <summary>describeSObjects(): the object's name as the field table spells it, or why not.</summary>
    public static string Describe(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw RecordErrors.Required("name", "name (the sObject to describe) is required.");
        }

        if (!string.Equals(name, UsageFields.ObjectName, StringComparison.OrdinalIgnoreCase))
        {
            var shown = name.Length <= Limits.MaxFieldNameLength ? name : name[..Limits.MaxFieldNameLength] + "…";
            throw new DomainException(ErrorKind.NotFound, ErrorCodes.InvalidType, "name",
                $"sObject type '{shown}' is not supported; this API describes {UsageFields.ObjectName}.");
        }

        return UsageFields.ObjectName;
    }

    private async Task<ChannelUsage> InsertAsync(UsageDraft draft, CancellationToken cancellationToken)
    {
        var (channel, siblings) = await LoadChannelAsync(draft.MessagingChannelId.Value, cancellationToken);
        var now = clock.Now();
        var errors = UsageValidator.ValidateCreate(draft, channel, siblings);
        RecordErrors.ThrowIfAny(errors);
        var usage = UsageWriter.ApplyCreate(draft, UsageWriter.NewUsageId(), now);
        await usages.InsertAsync(usage, cancellationToken);
        RecordLog.UsageCreated(logger, usage.Id, usage.DeploymentType, usage.MessagingChannelId, usage.DeploymentStatus);
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
            var current = await usages.GetAsync(id, cancellationToken)
                ?? throw RecordErrors.NotFound(UsageFields.ObjectName, id, UsageFields.Id.Name);
            if (expected is { } stamp && stamp != current.SystemModstamp)
            {
                throw RecordErrors.StaleModstamp(id, stamp, current.SystemModstamp);
            }

            // Update cannot change the type or the channel, so the rules need only the record.
            RecordErrors.ThrowIfAny(UsageValidator.ValidateUpdate(current, draft, allowUnchangedKeyFields));
            var updated = UsageWriter.ApplyUpdate(current, draft, clock.After(current.SystemModstamp));
            try
            {
                await usages.ReplaceAsync(updated, current.SystemModstamp, cancellationToken);
            }
            catch (DomainException ex) when (RecordErrors.IsConcurrencyConflict(ex) && expected is null && attempt < WriteConflicts.MaxAttempts)
            {
                RecordLog.WriteConflictRetry(logger, id, attempt);
                await WriteConflicts.BackoffAsync(attempt, cancellationToken);
                continue;
            }

            RecordLog.UsageUpdated(logger, id, current.DeploymentStatus, updated.DeploymentStatus);
            return updated;
        }
    }

    private async Task<(MessagingChannel? Channel, IReadOnlyList<ChannelUsage> Siblings)> LoadChannelAsync(string? requestedChannelId, CancellationToken cancellationToken)
    {
        // Only a well-formed id is looked up; the validator reports a malformed or unknown one.
        if (!SalesforceId.TryNormalize(requestedChannelId, out var channelId, out _, KeyPrefixes.MessagingChannel))
        {
            return (null, []);
        }

        var channel = await channels.GetAsync(channelId, cancellationToken);
        if (channel is null)
        {
            return (null, []);
        }

        return (channel, await usages.ListByChannelAsync(channelId, cancellationToken));
    }

    private async Task<ChannelUsage?> FindByNaturalKeyAsync(UsageDraft draft, CancellationToken cancellationToken)
    {
        if (draft.DeploymentType.Value is not { } type
            || !SalesforceId.TryNormalize(draft.MessagingChannelId.Value, out var channelId, out _, KeyPrefixes.MessagingChannel))
        {
            return null;
        }

        var siblings = await usages.ListByChannelAsync(channelId, cancellationToken);
        return siblings.FirstOrDefault(u => (int)u.DeploymentType == type);
    }
}
