using Google.Protobuf;
using MessagingChannelUsage.Store.Abstractions;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>
/// Idempotency of domain.md §4.5 for the engine: encodes the first answer of (channel,
/// message_id) into the store's idempotency records (24 h) and decodes it as a replay.
/// </summary>
internal sealed class DecisionReplay(IIdempotencyStore store)
{
    /// <summary>
    /// The stored record of the message, or null; <see cref="Replayed"/> decodes it. The caller
    /// awaits the record, not the decoded answer: a task of a reference keeps the engine's async
    /// state (boxed when it waits for Redis) small, where an awaited answer struct would add ~100 bytes.
    /// </summary>
    public Task<byte[]?> FindAsync(string channelId, string messageId, CancellationToken cancellationToken)
        => store.TryGetAsync(channelId, messageId, cancellationToken);

    /// <summary>The answer a record stored, marked as replayed.</summary>
    public static RoutedMessage Replayed(byte[] record) => DecisionRecord.Decode(record);

    public Task SaveAsync(string channelId, string messageId, RoutedMessage message, CancellationToken cancellationToken)
    {
        return store.SetAsync(channelId, messageId, DecisionRecord.Encode(message), cancellationToken);
    }

    /// <summary>
    /// The record of a message with effects, for the end-user store to keep in the same write
    /// (<see cref="IdempotencyRecordWrite"/>): <paramref name="message"/> without what only the
    /// write knows (end-user id, session id, consent), which the store appends.
    /// </summary>
    public static IdempotencyRecordWrite WithEffects(string messageId, RoutedMessage message, bool withSessionId)
        => new(messageId, DecisionRecord.Encode(message with { EndUserId = null, SessionId = null, ConsentStatus = null }), withSessionId);
}

/// <summary>
/// The stored record: the wire's own <c>RoutingDecision</c> protobuf (issue 12: ~100 bytes where
/// the JSON of the previous version took ~330, and no reflection or string escaping to write it).
/// Records written by the previous version (JSON, kept 24 h) are still read: a protobuf
/// <c>RoutingDecision</c> never starts with '{' (0x7B would be field 15 as a group; field 15 is a
/// varint, tag 0x78), so the first byte tells the two apart.
/// </summary>
internal static class DecisionRecord
{
    public static byte[] Encode(RoutedMessage message)
        => RoutingMapping.ToProto(message with { Replayed = false }).ToByteArray();

    /// <summary>The stored answer, marked replayed.</summary>
    public static RoutedMessage Decode(byte[] payload)
    {
        var stored = payload.Length > 0 && payload[0] == (byte)'{'
            ? LegacyJsonDecisionRecord.Decode(payload)
            : RoutingMapping.ToRoutedMessage(Proto.RoutingDecision.Parser.ParseFrom(payload));
        return stored with { Replayed = true };
    }
}
