using MessagingChannelUsage.Routing.Routing;

namespace MessagingChannelUsage.Store.Abstractions;

/// <summary>The hot path's view of channels: the near cache of immutable snapshots.</summary>
public interface IChannelSnapshotSource
{
    /// <summary>Null when the channel does not exist. Completes synchronously on a cache hit.</summary>
    ValueTask<ChannelSnapshot?> GetAsync(string channelId, CancellationToken cancellationToken);
}
