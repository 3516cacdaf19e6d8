namespace MessagingChannelUsage.Store.Abstractions;

/// <summary>
/// The idempotency record (domain.md §4.5) of a message whose effects
/// <c>IEndUserStore.ApplyAsync</c> applies, for a store that keeps it in the same atomic write as the effects (issue 12: a message
/// id costs no extra round trip, and the record exists exactly when the effects do). Only the
/// write knows the end user's id, open session and consent after it, so the record is
/// <see cref="Prefix"/> (the caller's protobuf of everything else) followed by those three as
/// protobuf fields of <c>messaging.v1.RoutingDecision</c>; protobuf messages concatenate, so the
/// result parses as one message.
/// </summary>
/// <param name="MessageId">The message id the record is kept under (with the channel id).</param>
/// <param name="Prefix">The encoded answer without end-user id, session id and consent.</param>
/// <param name="WithSessionId">True when the answer names the end user's open session.</param>
public sealed record IdempotencyRecordWrite(string MessageId, byte[] Prefix, bool WithSessionId)
{
    /// <summary><c>RoutingDecision.end_user_id</c>: the end user's id (always present after a write).</summary>
    public const int EndUserIdField = 11;

    /// <summary><c>RoutingDecision.session_id</c>: the open session, when <see cref="WithSessionId"/> and there is one.</summary>
    public const int SessionIdField = 5;

    /// <summary><c>RoutingDecision.consent_status</c>: the stored consent (its number is the proto enum's), when there is one.</summary>
    public const int ConsentStatusField = 7;
}
