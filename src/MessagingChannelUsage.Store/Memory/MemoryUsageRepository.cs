using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Common;

namespace MessagingChannelUsage.Store.Memory;

internal sealed class MemoryUsageRepository(MemoryStoreData data, IDisableSchedule schedule, TimeSpan sessionGrace) : IUsageRepository
{
    public Task<ChannelUsage?> GetAsync(string usageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usageId);
        if (!data.UsageChannel.TryGetValue(usageId, out var channelId) || data.Find(channelId) is not { } channel)
        {
            return Task.FromResult<ChannelUsage?>(null);
        }

        lock (channel.Gate)
        {
            return Task.FromResult(channel.Usages.Find(u => string.Equals(u.Id, usageId, StringComparison.Ordinal)));
        }
    }

    public Task<IReadOnlyList<ChannelUsage>> ListByChannelAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        if (data.Find(channelId) is not { } channel)
        {
            return Task.FromResult<IReadOnlyList<ChannelUsage>>([]);
        }

        lock (channel.Gate)
        {
            return Task.FromResult<IReadOnlyList<ChannelUsage>>([.. channel.Usages.OrderBy(static u => u.Id, StringComparer.Ordinal)]);
        }
    }

    public Task<IReadOnlyList<ChannelUsage>> ListAllAsync(CancellationToken cancellationToken)
    {
        var all = new List<ChannelUsage>();
        foreach (var channel in data.Channels.Values)
        {
            lock (channel.Gate)
            {
                all.AddRange(channel.Usages);
            }
        }

        all.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return Task.FromResult<IReadOnlyList<ChannelUsage>>(all);
    }

    public async Task InsertAsync(ChannelUsage usage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var channel = data.Find(usage.MessagingChannelId) ?? throw StoreErrors.UnknownChannelReference(usage.MessagingChannelId);
        if (DisableTracking.EntryToSchedule(null, usage, sessionGrace) is { } entry)
        {
            await schedule.ScheduleAsync(entry, cancellationToken);
        }

        ChannelChange change;
        lock (channel.Gate)
        {
            if (channel.Usages.Exists(u => u.DeploymentType == usage.DeploymentType))
            {
                throw StoreErrors.DuplicateDeploymentType(usage.MessagingChannelId, usage.DeploymentType.ToString());
            }

            if (channel.Usages.Count >= 3)
            {
                throw StoreErrors.TooManyUsages(usage.MessagingChannelId);
            }

            if (!data.UsageChannel.TryAdd(usage.Id, usage.MessagingChannelId))
            {
                throw StoreErrors.DuplicateId("MessagingChannelUsage", usage.Id);
            }

            channel.Usages.Add(usage);
            data.ChangeLog.AppendUsage(null, usage);
            change = MemoryStoreData.Bump(channel);
        }

        data.Feed.Publish(change);
    }

    public async Task ReplaceAsync(ChannelUsage usage, DateTimeOffset expectedModstamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var previous = await GetAsync(usage.Id, cancellationToken) ?? throw StoreErrors.NotFound("MessagingChannelUsage", usage.Id);
        StoreErrors.ThrowIfKeyFieldChanged(previous, usage);

        // Scheduled before the write (see DisableTracking); only when the CAS is likely to pass.
        if (previous.SystemModstamp == expectedModstamp && DisableTracking.EntryToSchedule(previous, usage, sessionGrace) is { } entry)
        {
            await schedule.ScheduleAsync(entry, cancellationToken);
        }

        var channel = data.Find(usage.MessagingChannelId) ?? throw StoreErrors.NotFound("MessagingChannelUsage", usage.Id);
        ChannelChange change;
        lock (channel.Gate)
        {
            var index = channel.Usages.FindIndex(u => string.Equals(u.Id, usage.Id, StringComparison.Ordinal));
            if (index < 0)
            {
                throw StoreErrors.NotFound("MessagingChannelUsage", usage.Id);
            }

            if (channel.Usages[index].SystemModstamp != expectedModstamp)
            {
                throw StoreErrors.StaleModstamp("MessagingChannelUsage", usage.Id);
            }

            data.ChangeLog.AppendUsage(channel.Usages[index], usage);
            channel.Usages[index] = usage;
            change = MemoryStoreData.Bump(channel);
        }

        data.Feed.Publish(change);
        if (DisableTracking.EntryToCancel(previous, usage, sessionGrace) is { } stale)
        {
            await schedule.CancelAsync(stale, cancellationToken);
        }
    }
}
