using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Store.Memory;

internal sealed class MemoryChannelStateReader(MemoryStoreData data) : IChannelStateReader
{
    public Task<ChannelState?> LoadAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        if (data.Find(channelId) is not { } channel)
        {
            return Task.FromResult<ChannelState?>(null);
        }

        lock (channel.Gate)
        {
            return Task.FromResult<ChannelState?>(new ChannelState(
                channel.Channel,
                [.. channel.Usages.OrderBy(static u => u.Id, StringComparer.Ordinal)],
                channel.Version));
        }
    }
}
