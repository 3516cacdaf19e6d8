using Domain = MessagingChannelUsage.Routing.Model;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Mapping;

/// <summary>MessagingSession and MessagingEndUser records → proto.</summary>
public static class SessionMapping
{
    public static Proto.MessagingSession ToProto(Domain.MessagingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var proto = new Proto.MessagingSession
        {
            Id = session.Id,
            MessagingChannelId = session.MessagingChannelId,
            MessagingEndUserId = session.MessagingEndUserId,
            Status = EnumMapping.ToProto(session.Status),
            Origin = EnumMapping.ToProto(session.Origin),
            StartTime = TimeMapping.ToProto(session.StartTime),
            EndReason = session.EndReason ?? string.Empty,
        };
        if (session.EndTime is { } end)
        {
            proto.EndTime = TimeMapping.ToProto(end);
        }

        return proto;
    }
}
