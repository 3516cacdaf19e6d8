using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Common;

namespace MessagingChannelUsage.Store.Memory;

internal sealed class MemoryChannelRepository(MemoryStoreData data) : IChannelRepository
{
    public Task<MessagingChannel?> GetAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        var channel = data.Find(channelId);
        if (channel is null)
        {
            return Task.FromResult<MessagingChannel?>(null);
        }

        lock (channel.Gate)
        {
            return Task.FromResult<MessagingChannel?>(channel.Channel);
        }
    }

    public Task InsertAsync(MessagingChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        lock (data.CatalogGate)
        {
            if (data.Channels.ContainsKey(channel.Id))
            {
                throw StoreErrors.DuplicateId("MessagingChannel", channel.Id);
            }

            if (data.DeveloperNames.ContainsKey(channel.DeveloperName))
            {
                throw StoreErrors.DuplicateDeveloperName(channel.DeveloperName);
            }

            data.DeveloperNames.Add(channel.DeveloperName, channel.Id);

            // Logged before the channel is visible: no change of its usages can precede its creation.
            data.ChangeLog.AppendChannel(null, channel);
            data.Channels[channel.Id] = new MemoryChannelData(channel);
        }

        data.Feed.Publish(new ChannelChange(channel.Id, 1));
        return Task.CompletedTask;
    }

    public Task ReplaceAsync(MessagingChannel channel, DateTimeOffset expectedModstamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var stored = data.Find(channel.Id) ?? throw StoreErrors.NotFound("MessagingChannel", channel.Id);
        ChannelChange change;
        lock (stored.Gate)
        {
            if (stored.Channel.SystemModstamp != expectedModstamp)
            {
                throw StoreErrors.StaleModstamp("MessagingChannel", channel.Id);
            }

            var oldName = stored.Channel.DeveloperName;
            if (!string.Equals(oldName, channel.DeveloperName, StringComparison.Ordinal))
            {
                lock (data.CatalogGate)
                {
                    if (data.DeveloperNames.TryGetValue(channel.DeveloperName, out var owner)
                        && !string.Equals(owner, channel.Id, StringComparison.Ordinal))
                    {
                        throw StoreErrors.DuplicateDeveloperName(channel.DeveloperName);
                    }

                    data.DeveloperNames.Remove(oldName);
                    data.DeveloperNames[channel.DeveloperName] = channel.Id;
                }
            }

            data.ChangeLog.AppendChannel(stored.Channel, channel);
            stored.Channel = channel;
            change = MemoryStoreData.Bump(stored);
        }

        data.Feed.Publish(change);
        return Task.CompletedTask;
    }

    public Task<StorePage<MessagingChannel>> ListAsync(int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        var ordered = data.Channels
            .OrderBy(static pair => pair.Key, StringComparer.Ordinal)
            .Select(static pair =>
            {
                lock (pair.Value.Gate)
                {
                    return KeyValuePair.Create(pair.Key, pair.Value.Channel);
                }
            });
        return Task.FromResult(MemoryStoreData.Page(ordered, pageSize, pageToken));
    }
}
