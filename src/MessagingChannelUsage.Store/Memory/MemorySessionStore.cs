using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Common;

namespace MessagingChannelUsage.Store.Memory;

internal sealed class MemorySessionStore(MemoryStoreData data) : ISessionStore
{
    public Task<MessagingSession?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        if (!data.SessionChannel.TryGetValue(sessionId, out var channelId) || data.Find(channelId) is not { } channel)
        {
            return Task.FromResult<MessagingSession?>(null);
        }

        lock (channel.Gate)
        {
            return Task.FromResult(channel.Sessions.GetValueOrDefault(sessionId));
        }
    }

    public Task<StorePage<MessagingSession>> ListAsync(SessionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        PageSize.Validate(query.PageSize);
        if (data.Find(query.ChannelId) is not { } channel)
        {
            return Task.FromResult(new StorePage<MessagingSession>([], null));
        }

        List<KeyValuePair<string, MessagingSession>> matching;
        lock (channel.Gate)
        {
            matching = [.. channel.Sessions.Where(pair => SessionFilter.Matches(query, pair.Value))];
        }

        return Task.FromResult(MemoryStoreData.Page(matching, query.PageSize, query.PageToken));
    }

    public Task<MessagingSession> UpdateStatusAsync(
        string sessionId,
        SessionStatus status,
        string? endReason,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        if (!data.SessionChannel.TryGetValue(sessionId, out var channelId) || data.Find(channelId) is not { } channel)
        {
            throw StoreErrors.NotFound("MessagingSession", sessionId);
        }

        lock (channel.Gate)
        {
            var session = channel.Sessions.GetValueOrDefault(sessionId) ?? throw StoreErrors.NotFound("MessagingSession", sessionId);
            if (session.Status == status)
            {
                return Task.FromResult(session);
            }

            if (!session.IsOpen)
            {
                throw StoreErrors.ClosedSessionReopened(sessionId);
            }

            var updated = SessionIsOpenAfter(status)
                ? session with { Status = status }
                : End(channel, session, status, endReason, now);
            channel.Sessions[sessionId] = updated;
            return Task.FromResult(updated);
        }
    }

    public Task<int> EndOpenSessionsAsync(string channelId, string endReason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        if (data.Find(channelId) is not { } channel)
        {
            return Task.FromResult(0);
        }

        lock (channel.Gate)
        {
            var open = channel.Sessions.Values.Where(static s => s.IsOpen).ToList();
            foreach (var session in open)
            {
                channel.Sessions[session.Id] = End(channel, session, SessionStatus.Ended, endReason, now);
            }

            return Task.FromResult(open.Count);
        }
    }

    private static bool SessionIsOpenAfter(SessionStatus status) => SessionStatuses.IsOpen(status);

    /// <summary>Closes the session and clears its end user's open pointer. Call under the channel's lock.</summary>
    private static MessagingSession End(MemoryChannelData channel, MessagingSession session, SessionStatus status, string? endReason, DateTimeOffset now)
    {
        if (channel.PlatformKeys.TryGetValue(session.MessagingEndUserId, out var key)
            && channel.EndUsers.TryGetValue(key, out var endUser)
            && string.Equals(endUser.OpenSessionId, session.Id, StringComparison.Ordinal))
        {
            channel.EndUsers[key] = endUser with { OpenSessionId = null };
        }

        return session with { Status = status, EndTime = now, EndReason = endReason };
    }
}
