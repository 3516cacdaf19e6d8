using System.Globalization;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Caching;
using MessagingChannelUsage.Store.Common;
using MessagingChannelUsage.Store.Telemetry;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// End users: one hash per (channel, platform key) holding id, consent ("cs"), the open session id
/// ("sid") and its status ("sst"), and the preferred language ("pl", domain.md §8), so routing
/// reads everything with one HMGET and applies every effect with one script. That script also
/// keeps the message's idempotency record when there is one (same slot: the hash tag {channelId}),
/// so a message id adds no round trip to a message with effects.
/// </summary>
internal sealed class RedisEndUserStore(RedisContext context, TimeSpan idempotencyTtl) : IEndUserStore
{
    /// <summary>Operation labels of <see cref="StoreMetrics"/> (constants: few label values).</summary>
    internal const string EndUserReadOperation = "end_user_read";
    internal const string EndUserBatchReadOperation = "end_user_read_batch";
    internal const string EndUserApplyOperation = "end_user_apply";

    private static readonly RedisValue[] StateFields = ["id", "cs", "sid", "sst", "pl"];

    /// <summary>One HMGET; while the thread gathers an <see cref="EndUserReadBatch"/> (near cache off), the read joins it.</summary>
    public Task<EndUserState> GetStateAsync(string channelId, string platformKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        ArgumentNullException.ThrowIfNull(platformKey);
        return EndUserReadBatch.TryJoin(this, nearCache: null, new EndUserRef(channelId, platformKey), default, cancellationToken, out var gathered)
            ? gathered
            : ReadAsync(channelId, platformKey, cancellationToken);
    }

    private async Task<EndUserState> ReadAsync(string channelId, string platformKey, CancellationToken cancellationToken)
    {
        var started = StoreMetrics.Start();
        try
        {
            var values = await context.Db.HashGetAsync(context.Keys.EndUser(channelId, platformKey), StateFields).Until(cancellationToken);
            context.Metrics?.RedisCallSucceeded(EndUserReadOperation, started);
            return StateOf(values);
        }
        catch (Exception ex) when (context.Observed(EndUserReadOperation, started, ex) && RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("reading an end user", ex);
        }
    }

    /// <summary>
    /// One HMGET per end user, queued in one StackExchange.Redis batch: written to the socket
    /// together (one send for all of them) and answered together. On a cluster the batch splits by
    /// node (every key names its own slot); each node still gets its commands in one write.
    /// </summary>
    public async Task<EndUserState[]> GetStatesAsync(IReadOnlyList<EndUserRef> endUsers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endUsers);
        if (endUsers.Count == 0)
        {
            return [];
        }

        if (endUsers.Count == 1)
        {
            var (channelId, platformKey) = endUsers[0];
            ArgumentNullException.ThrowIfNull(channelId);
            ArgumentNullException.ThrowIfNull(platformKey);
            return [await ReadAsync(channelId, platformKey, cancellationToken)];
        }

        var started = StoreMetrics.Start();
        try
        {
            var batch = context.Db.CreateBatch();
            var reads = new Task<RedisValue[]>[endUsers.Count];
            for (var i = 0; i < reads.Length; i++)
            {
                var (channelId, platformKey) = endUsers[i];
                ArgumentNullException.ThrowIfNull(channelId);
                ArgumentNullException.ThrowIfNull(platformKey);
                reads[i] = batch.HashGetAsync(context.Keys.EndUser(channelId, platformKey), StateFields);
            }

            batch.Execute();
            var answers = await Task.WhenAll(reads).Until(cancellationToken);
            context.Metrics?.RedisCallSucceeded(EndUserBatchReadOperation, started);
            var states = new EndUserState[answers.Length];
            for (var i = 0; i < states.Length; i++)
            {
                states[i] = StateOf(answers[i]);
            }

            return states;
        }
        catch (Exception ex) when (context.Observed(EndUserBatchReadOperation, started, ex) && RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("reading end users", ex);
        }
    }

    public Task<ApplyResult> ApplyAsync(
        string channelId,
        string platformKey,
        EndUserState? expected,
        EndUserEffects effects,
        DateTimeOffset now,
        CancellationToken cancellationToken)
        => ApplyAsync(channelId, platformKey, expected, effects, now, record: null, cancellationToken);

    public async Task<ApplyResult> ApplyAsync(
        string channelId,
        string platformKey,
        EndUserState? expected,
        EndUserEffects effects,
        DateTimeOffset now,
        IdempotencyRecordWrite? record,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        ArgumentNullException.ThrowIfNull(platformKey);
        var keys = context.Keys;
        var mayOpen = effects.OpenSessionWithOrigin is not null && expected is not { HasOpenSession: true };
        var sessionId = mayOpen ? SalesforceId.NewId(KeyPrefixes.MessagingSession) : "-";
        // A caller that already gave up gets no side effect: nothing is sent.
        cancellationToken.ThrowIfCancellationRequested();
        var started = StoreMetrics.Start();
        try
        {
            // The index entry of a session that may be opened goes out with the script in the same
            // round trip (not atomic: other slot). Written first, so a session is never unreachable
            // by id; an entry whose session was not opened is removed right after.
            var index = mayOpen ? context.Db.HashSetAsync(keys.SessionIndex, sessionId, channelId) : null;
            RedisKey[] scriptKeys = record is null
                ? [keys.Channel(channelId), keys.EndUser(channelId, platformKey), keys.Session(channelId, sessionId), keys.Sessions(channelId), keys.OpenSessions(channelId)]
                : [keys.Channel(channelId), keys.EndUser(channelId, platformKey), keys.Session(channelId, sessionId), keys.Sessions(channelId), keys.OpenSessions(channelId), keys.Idempotency(channelId, record.MessageId)];
            var apply = context.Db.ScriptEvaluateAsync(
                RedisScripts.Apply,
                scriptKeys,
                [
                    expected is null ? "0" : "1",
                    Number((int?)expected?.ConsentStatus),
                    expected is { HasOpenSession: true } e ? e.OpenSessionId : string.Empty,
                    Number((int?)effects.SetConsent),
                    Number((int?)effects.OpenSessionWithOrigin),
                    SalesforceId.NewId(KeyPrefixes.MessagingEndUser),
                    sessionId,
                    RedisRecordFormat.Ticks(now),
                    platformKey,
                    channelId,
                    effects.SetPreferredLanguage ?? string.Empty,
                    keys.EndUserChangesChannelName,
                    record?.Prefix ?? RedisValue.EmptyString,
                    record is { WithSessionId: true } ? "1" : "0",
                    (long)idempotencyTtl.TotalMilliseconds,
                ]);
            if (index is not null)
            {
                await index.Until(cancellationToken);
            }

            // Once sent, the script runs even if the caller gives up; its consent time keeps a late
            // run from overriding a newer change (see RedisScripts.Apply).
            var result = (RedisResult[])(await apply.Until(cancellationToken))!;
            context.Metrics?.RedisCallSucceeded(EndUserApplyOperation, started);
            var applied = (int)result[0];
            if (applied < 0)
            {
                await DropIndexAsync(mayOpen, sessionId);
                throw StoreErrors.NotFound("MessagingChannel", channelId);
            }

            var state = new EndUserState(
                NullIfEmpty((string?)result[1]),
                (ConsentStatus?)IntOrNull((RedisValue)result[2]),
                NullIfEmpty((string?)result[3]),
                (SessionStatus?)IntOrNull((RedisValue)result[4]),
                NullIfEmpty((string?)result[5]));
            if (!string.Equals(state.OpenSessionId, sessionId, StringComparison.Ordinal))
            {
                await DropIndexAsync(mayOpen, sessionId);
            }

            return new ApplyResult(applied == 1, state, RecordKept: applied == 1 && record is not null, Announced: result.Length > 6 && (int)result[6] == 1);
        }
        catch (Exception ex) when (context.Observed(EndUserApplyOperation, started, ex) && RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("applying end-user effects", ex);
        }
    }

    public async Task<MessagingEndUser?> GetAsync(string channelId, string platformKey, CancellationToken cancellationToken)
    {
        var state = await GetStateAsync(channelId, platformKey, cancellationToken);
        return state.EndUserId is null
            ? null
            : new MessagingEndUser
            {
                Id = state.EndUserId,
                MessagingChannelId = channelId,
                MessagingPlatformKey = platformKey,
                ConsentStatus = state.ConsentStatus,
                OpenSessionId = state.OpenSessionId,
                PreferredLanguage = state.PreferredLanguage,
            };
    }

    private async Task DropIndexAsync(bool indexed, string sessionId)
    {
        if (indexed)
        {
            await context.Db.HashDeleteAsync(context.Keys.SessionIndex, sessionId, CommandFlags.FireAndForget);
        }
    }

    /// <summary>The HMGET of <see cref="StateFields"/>: no id, no end user.</summary>
    private static EndUserState StateOf(RedisValue[] values) => values[0].IsNull
        ? EndUserState.Unknown
        : new EndUserState(
            (string?)values[0], (ConsentStatus?)IntOrNull(values[1]), (string?)values[2], (SessionStatus?)IntOrNull(values[3]), NullIfEmpty((string?)values[4]));

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static int? IntOrNull(RedisValue value) =>
        value.IsNullOrEmpty ? null : int.Parse((string)value!, NumberStyles.None, CultureInfo.InvariantCulture);
}
