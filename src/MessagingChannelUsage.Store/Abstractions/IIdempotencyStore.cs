namespace MessagingChannelUsage.Store.Abstractions;

/// <summary>
/// The first decision of each (channel, message_id), kept 24 hours (domain.md §4.5) so a replay
/// returns it and repeats no side effect. The payload is the caller's encoding of the decision.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>The payload stored for this message, or null when it was not seen (or expired).</summary>
    Task<byte[]?> TryGetAsync(string channelId, string messageId, CancellationToken cancellationToken);

    /// <summary>Stores the payload of this message for the configured time (24 hours by default).</summary>
    Task SetAsync(string channelId, string messageId, byte[] payload, CancellationToken cancellationToken);
}
