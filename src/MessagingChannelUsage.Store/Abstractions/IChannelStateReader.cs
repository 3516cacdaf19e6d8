using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Store.Abstractions;

/// <summary>A channel, its usages and its version, read together (one round trip on Redis).</summary>
public sealed record ChannelState(MessagingChannel Channel, IReadOnlyList<ChannelUsage> Usages, long Version);

/// <summary>What the near cache loads a snapshot from.</summary>
public interface IChannelStateReader
{
    /// <summary>Null when the channel does not exist.</summary>
    Task<ChannelState?> LoadAsync(string channelId, CancellationToken cancellationToken);
}
