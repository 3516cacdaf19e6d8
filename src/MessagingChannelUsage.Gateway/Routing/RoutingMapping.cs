using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Routing.Errors;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>MessageRouter messages ↔ the routing engine's requests and answers.</summary>
internal static class RoutingMapping
{
    public static InboundRequest ToRequest(Proto.InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new InboundRequest(message.MessageId, message.ChannelId, message.PlatformKey, message.Text, message.DryRun);
    }

    public static OutboundRequest ToRequest(Proto.OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new OutboundRequest(message.MessageId, message.ChannelId, message.PlatformKey, message.Text, EnumMapping.ToDomain(message.Sender), message.DryRun);
    }

    public static Proto.RoutingDecision ToProto(in RoutedMessage routed) => ToProto(routed, new Proto.RoutingDecision());

    /// <summary>
    /// <paramref name="routed"/> written into <paramref name="reply"/>, every field of it (a reused
    /// reply, <see cref="StreamReplies"/>, keeps nothing of its previous answer).
    /// </summary>
    public static Proto.RoutingDecision ToProto(in RoutedMessage routed, Proto.RoutingDecision reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        reply.MessageId = routed.MessageId ?? string.Empty;
        reply.Handler = EnumMapping.ToProto(routed.Handler);
        reply.Reason = EnumMapping.ToProto(routed.Reason);
        reply.UsageId = routed.UsageId ?? string.Empty;
        reply.SessionId = routed.SessionId ?? string.Empty;
        reply.MatchedKeyword = routed.MatchedKeyword ?? string.Empty;
        reply.ConsentStatus = EnumMapping.ToProto(routed.ConsentStatus);
        reply.ReplyText = routed.ReplyText ?? string.Empty;
        reply.Replayed = routed.Replayed;
        reply.Error = null;
        reply.EndUserId = routed.EndUserId ?? string.Empty;
        reply.Language = routed.Language ?? string.Empty;
        reply.DryRun = routed.DryRun;
        reply.Rule = routed.Rule ?? string.Empty;
        reply.ConfigVersion = routed.ConfigVersion;
        return reply;
    }

    /// <summary>The inverse of <see cref="ToProto(in RoutedMessage)"/> (idempotency records): empty strings and zero enums are null.</summary>
    public static RoutedMessage ToRoutedMessage(Proto.RoutingDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new RoutedMessage
        {
            MessageId = NullIfEmpty(decision.MessageId),
            Handler = EnumMapping.ToDomain(decision.Handler),
            Reason = EnumMapping.ToDomain(decision.Reason),
            UsageId = NullIfEmpty(decision.UsageId),
            SessionId = NullIfEmpty(decision.SessionId),
            MatchedKeyword = NullIfEmpty(decision.MatchedKeyword),
            ConsentStatus = EnumMapping.ToDomain(decision.ConsentStatus),
            ReplyText = NullIfEmpty(decision.ReplyText),
            Language = NullIfEmpty(decision.Language),
            Replayed = decision.Replayed,
            EndUserId = NullIfEmpty(decision.EndUserId),
            Rule = NullIfEmpty(decision.Rule),
            ConfigVersion = decision.ConfigVersion,
            DryRun = decision.DryRun,
        };
    }

    /// <summary>A RouteStream item that failed: the same code, reason and field a unary call would carry.</summary>
    public static Proto.RoutingDecision ToErrorItem(string? messageId, DomainException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var first = exception.Errors.IsEmpty ? null : exception.Errors[0];
        return new Proto.RoutingDecision
        {
            MessageId = messageId ?? string.Empty,
            Error = new Proto.RouteError
            {
                StatusCode = (int)DomainErrorStatus.StatusCodeOf(exception.Kind),
                ErrorCode = exception.Code,
                Field = first?.Field ?? string.Empty,
                Message = first?.Message ?? exception.Message,
            },
        };
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
