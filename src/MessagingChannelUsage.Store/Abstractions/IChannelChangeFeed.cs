namespace MessagingChannelUsage.Store.Abstractions;

/// <summary>
/// A channel (or one of its usages) changed to <paramref name="Version"/>. A null
/// <paramref name="ChannelId"/> means "anything may have changed" (e.g. after a lost pub/sub
/// connection): drop every cached snapshot.
/// </summary>
public readonly record struct ChannelChange(string? ChannelId, long Version);

/// <summary>Change notifications from every gateway instance (Redis pub/sub; in process for Memory).</summary>
public interface IChannelChangeFeed
{
    /// <summary>Calls <paramref name="onChange"/> for each change until the subscription is disposed.</summary>
    IDisposable Subscribe(Action<ChannelChange> onChange);
}
