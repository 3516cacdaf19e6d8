using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Common;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// Usages: one hash per (channel, DeploymentType), so uniqueness of the type and the limit of
/// three are checked by one script on the channel's slot. The global index usage id → channel id
/// is written first (HSETNX, which also catches a duplicate id) and removed if the insert fails;
/// an index entry whose usage is missing reads as "no such usage".
/// </summary>
internal sealed class RedisUsageRepository(
    RedisContext context,
    RedisChannelStateReader states,
    IDisableSchedule schedule,
    TimeSpan sessionGrace) : IUsageRepository
{
    public async Task<ChannelUsage?> GetAsync(string usageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usageId);
        try
        {
            return await FindAsync(usageId, cancellationToken);
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("reading a usage", ex);
        }
    }

    public async Task<IReadOnlyList<ChannelUsage>> ListByChannelAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        try
        {
            return (await states.LoadRawAsync(channelId, cancellationToken)).Usages;
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("listing usages", ex);
        }
    }

    public async Task<IReadOnlyList<ChannelUsage>> ListAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            var index = await context.Db.HashGetAllAsync(context.Keys.UsageIndex).Until(cancellationToken);
            var ids = index.Select(e => (string)e.Name!).ToHashSet(StringComparer.Ordinal);
            var channelIds = index.Select(e => (string)e.Value!).Distinct(StringComparer.Ordinal);
            var loads = await Task.WhenAll(channelIds.Select(id => states.LoadRawAsync(id, cancellationToken)));
            var all = loads.SelectMany(l => l.Usages).Where(u => ids.Contains(u.Id)).ToList();
            all.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
            return all;
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("listing usages", ex);
        }
    }

    public async Task InsertAsync(ChannelUsage usage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usage);
        try
        {
            await IndexAsync(usage, cancellationToken);
            if (DisableTracking.EntryToSchedule(null, usage, sessionGrace) is { } entry)
            {
                await schedule.ScheduleAsync(entry, cancellationToken);
            }

            var keys = context.Keys;
            var channelId = usage.MessagingChannelId;
            var stream = await context.ChangeStreams.RegisterAsync(context.Db, channelId);
            var version = (long)await context.Db.ScriptEvaluateAsync(
                RedisScripts.InsertUsage,
                [
                    keys.Channel(channelId),
                    keys.Usage(channelId, usage.DeploymentType),
                    keys.Usage(channelId, DeploymentType.Conversation),
                    keys.Usage(channelId, DeploymentType.MessagingEngagement),
                    keys.Usage(channelId, DeploymentType.MJ),
                    stream,
                ],
                [keys.ChangesChannelName, channelId, context.ChangeRetentionMs, .. RedisChannelRepository.Flatten(RedisRecordFormat.EncodeUsage(usage))]);
            if (version < 0)
            {
                await context.Db.ScriptEvaluateAsync(RedisScripts.CompareAndSetField, [keys.UsageIndex], [usage.Id, channelId, string.Empty]);
                throw version switch
                {
                    -1 => StoreErrors.UnknownChannelReference(channelId),
                    -2 => StoreErrors.DuplicateDeploymentType(channelId, usage.DeploymentType.ToString()),
                    _ => StoreErrors.TooManyUsages(channelId),
                };
            }

            context.Announce(channelId, version);
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("inserting a usage", ex);
        }
    }

    public async Task ReplaceAsync(ChannelUsage usage, DateTimeOffset expectedModstamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usage);
        try
        {
            // Checked before the first step only: a multi-step write is never cut in the middle.
            var previous = await FindAsync(usage.Id, cancellationToken) ?? throw StoreErrors.NotFound("MessagingChannelUsage", usage.Id);
            StoreErrors.ThrowIfKeyFieldChanged(previous, usage);

            // Scheduled before the write (see DisableTracking); only when the CAS is likely to pass.
            if (previous.SystemModstamp == expectedModstamp && DisableTracking.EntryToSchedule(previous, usage, sessionGrace) is { } entry)
            {
                await schedule.ScheduleAsync(entry, cancellationToken);
            }

            var channelId = usage.MessagingChannelId;
            var stream = await context.ChangeStreams.RegisterAsync(context.Db, channelId);
            var version = (long)await context.Db.ScriptEvaluateAsync(
                RedisScripts.ReplaceUsage,
                [context.Keys.Channel(channelId), context.Keys.Usage(channelId, usage.DeploymentType), stream],
                [
                    context.Keys.ChangesChannelName, channelId, usage.Id, RedisRecordFormat.Ticks(expectedModstamp), context.ChangeRetentionMs,
                    .. RedisChannelRepository.Flatten(RedisRecordFormat.EncodeUsage(usage)),
                ]);
            if (version < 0)
            {
                throw version == -1
                    ? StoreErrors.NotFound("MessagingChannelUsage", usage.Id)
                    : StoreErrors.StaleModstamp("MessagingChannelUsage", usage.Id);
            }

            context.Announce(channelId, version);
            if (DisableTracking.EntryToCancel(previous, usage, sessionGrace) is { } stale)
            {
                await schedule.CancelAsync(stale, cancellationToken);
            }
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("replacing a usage", ex);
        }
    }

    private async Task<ChannelUsage?> FindAsync(string usageId, CancellationToken cancellationToken = default)
    {
        var channelId = (string?)await context.Db.HashGetAsync(context.Keys.UsageIndex, usageId).Until(cancellationToken);
        if (channelId is null)
        {
            return null;
        }

        var usages = (await states.LoadRawAsync(channelId, cancellationToken)).Usages;
        foreach (var usage in usages)
        {
            if (string.Equals(usage.Id, usageId, StringComparison.Ordinal))
            {
                return usage;
            }
        }

        return null;
    }

    /// <summary>Claims the usage id in the index; an entry left by a failed insert is taken over.</summary>
    private async Task IndexAsync(ChannelUsage usage, CancellationToken cancellationToken)
    {
        if (await context.Db.HashSetAsync(context.Keys.UsageIndex, usage.Id, usage.MessagingChannelId, When.NotExists))
        {
            return;
        }

        if (await GetAsync(usage.Id, cancellationToken) is not null)
        {
            throw StoreErrors.DuplicateId("MessagingChannelUsage", usage.Id);
        }

        await context.Db.HashSetAsync(context.Keys.UsageIndex, usage.Id, usage.MessagingChannelId);
    }
}
