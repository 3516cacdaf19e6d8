using System.Globalization;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Common;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// Sessions: one hash per session, plus per channel a sorted set of all session ids and one of the
/// open ones (both lexicographic, for paging). Status changes run as scripts on the channel's slot,
/// clearing the end user's open pointer in the same step.
/// </summary>
internal sealed class RedisSessionStore(RedisContext context) : ISessionStore
{
    /// <summary>Sessions ended per script call: bounds how long one call holds Redis.</summary>
    private const int EndBatch = 100;

    public async Task<MessagingSession?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        try
        {
            var channelId = (string?)await context.Db.HashGetAsync(context.Keys.SessionIndex, sessionId).Until(cancellationToken);
            if (channelId is null)
            {
                return null;
            }

            var entries = await context.Db.HashGetAllAsync(context.Keys.Session(channelId, sessionId)).Until(cancellationToken);
            return entries.Length == 0 ? null : RedisRecordFormat.DecodeSession(new RedisRecordFormat.Fields(entries));
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("reading a session", ex);
        }
    }

    public async Task<StorePage<MessagingSession>> ListAsync(SessionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        PageSize.Validate(query.PageSize);
        try
        {
            var set = query.OpenOnly ? context.Keys.OpenSessions(query.ChannelId) : context.Keys.Sessions(query.ChannelId);
            var batch = Math.Max(query.PageSize + 1, 64);
            var items = new List<MessagingSession>(Math.Min(query.PageSize, 256));
            var after = query.PageToken;
            while (true)
            {
                var ids = await context.Db.SortedSetRangeByValueAsync(
                    set,
                    after is null ? default(RedisValue) : after,
                    default,
                    after is null ? Exclude.None : Exclude.Start,
                    Order.Ascending,
                    0,
                    batch);
                var reads = ids.Select(id => context.Db.HashGetAllAsync(context.Keys.Session(query.ChannelId, (string)id!))).ToArray();
                foreach (var entries in await Task.WhenAll(reads).Until(cancellationToken))
                {
                    if (entries.Length == 0)
                    {
                        continue;
                    }

                    var session = RedisRecordFormat.DecodeSession(new RedisRecordFormat.Fields(entries));
                    if (!SessionFilter.Matches(query, session))
                    {
                        continue;
                    }

                    if (items.Count == query.PageSize)
                    {
                        return new StorePage<MessagingSession>(items, items[^1].Id);
                    }

                    items.Add(session);
                }

                if (ids.Length < batch)
                {
                    return new StorePage<MessagingSession>(items, null);
                }

                after = ids[^1];
            }
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("listing sessions", ex);
        }
    }

    public async Task<MessagingSession> UpdateStatusAsync(
        string sessionId,
        SessionStatus status,
        string? endReason,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        if (!Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Not a session status.");
        }

        try
        {
            var channelId = (string?)await context.Db.HashGetAsync(context.Keys.SessionIndex, sessionId).Until(cancellationToken)
                ?? throw StoreErrors.NotFound("MessagingSession", sessionId);
            cancellationToken.ThrowIfCancellationRequested();
            var result = (RedisResult[])(await context.Db.ScriptEvaluateAsync(
                RedisScripts.UpdateSessionStatus,
                [context.Keys.Session(channelId, sessionId), context.Keys.OpenSessions(channelId)],
                [((int)status).ToString(CultureInfo.InvariantCulture), endReason ?? string.Empty, RedisRecordFormat.Ticks(now), context.Keys.EndUserPrefix(channelId), context.Keys.EndUserChangesChannelName]))!;
            if ((int)result[0] < 0)
            {
                throw (int)result[0] == -1 ? StoreErrors.NotFound("MessagingSession", sessionId) : StoreErrors.ClosedSessionReopened(sessionId);
            }

            var fields = RedisRecordFormat.ToFields(result[1]);

            // This instance's end-user near cache drops the end user before the caller sees the answer
            // (other instances hear the script's PUBLISH).
            context.EndUserCache?.Invalidate(channelId, fields.Required("pk"));
            return RedisRecordFormat.DecodeSession(fields);
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("updating a session", ex);
        }
    }

    public async Task<int> EndOpenSessionsAsync(string channelId, string endReason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        ArgumentNullException.ThrowIfNull(endReason);
        try
        {
            var total = 0;
            long remaining;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = (RedisResult[])(await context.Db.ScriptEvaluateAsync(
                    RedisScripts.EndOpenSessions,
                    [context.Keys.OpenSessions(channelId)],
                    [endReason, RedisRecordFormat.Ticks(now), context.Keys.SessionPrefix(channelId), context.Keys.EndUserPrefix(channelId), EndBatch, context.Keys.EndUserChangesChannelName]))!;
                total += (int)result[0];
                remaining = (long)result[1];
            }
            while (remaining > 0);
            if (total > 0)
            {
                // Which end users lost their session is not returned; dropping this instance's whole
                // end-user near cache is rare (a channel's auto-end) and always correct.
                context.EndUserCache?.Flush();
            }

            return total;
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("ending open sessions", ex);
        }
    }
}
