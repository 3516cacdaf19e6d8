using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Store.Common;

/// <summary>The filters of a <see cref="SessionQuery"/> (channel aside), shared by both stores.</summary>
internal static class SessionFilter
{
    public static bool Matches(SessionQuery query, MessagingSession session) =>
        (!query.OpenOnly || session.IsOpen)
        && (query.Statuses is not { Count: > 0 } statuses || statuses.Contains(session.Status))
        && (query.EndUserId is null || string.Equals(query.EndUserId, session.MessagingEndUserId, StringComparison.Ordinal));
}
