using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Common;

namespace MessagingChannelUsage.Store.Memory;

internal sealed class MemoryEndUserStore(MemoryStoreData data) : IEndUserStore
{
    private static readonly Task<EndUserState> UnknownRead = Task.FromResult(EndUserState.Unknown);

    /// <summary>Completes synchronously; a known end user whose state did not change gets the same completed task again (no allocation).</summary>
    public Task<EndUserState> GetStateAsync(string channelId, string platformKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        ArgumentNullException.ThrowIfNull(platformKey);
        if (data.Find(channelId) is not { } channel)
        {
            return UnknownRead;
        }

        lock (channel.Gate)
        {
            var state = StateOf(channel, platformKey);
            if (!state.Exists)
            {
                return UnknownRead;
            }

            if (channel.StateReads.TryGetValue(platformKey, out var last) && last.State == state)
            {
                return last.Read;
            }

            var read = Task.FromResult(state);
            channel.StateReads[platformKey] = (state, read);
            return read;
        }
    }

    /// <summary>No round trip to save: each read of <see cref="GetStateAsync"/>, completed synchronously.</summary>
    public Task<EndUserState[]> GetStatesAsync(IReadOnlyList<EndUserRef> endUsers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endUsers);
        var states = new EndUserState[endUsers.Count];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = CurrentState(endUsers[i].ChannelId, endUsers[i].PlatformKey);
        }

        return Task.FromResult(states);
    }

    private EndUserState CurrentState(string channelId, string platformKey)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        ArgumentNullException.ThrowIfNull(platformKey);
        if (data.Find(channelId) is not { } channel)
        {
            return EndUserState.Unknown;
        }

        lock (channel.Gate)
        {
            return StateOf(channel, platformKey);
        }
    }

    public Task<ApplyResult> ApplyAsync(
        string channelId,
        string platformKey,
        EndUserState? expected,
        EndUserEffects effects,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        ArgumentNullException.ThrowIfNull(platformKey);
        var channel = data.Find(channelId) ?? throw StoreErrors.NotFound("MessagingChannel", channelId);
        lock (channel.Gate)
        {
            var current = StateOf(channel, platformKey);
            if (expected is { } wanted && !EndUserStates.SameForRouting(wanted, current))
            {
                return Task.FromResult(new ApplyResult(false, current));
            }

            var endUser = channel.EndUsers.GetValueOrDefault(platformKey) ?? new MessagingEndUser
            {
                Id = SalesforceId.NewId(KeyPrefixes.MessagingEndUser),
                MessagingChannelId = channelId,
                MessagingPlatformKey = platformKey,
            };

            if (effects.SetConsent is { } consent
                && ConsentOrder.Applies(now, channel.ConsentTimes.TryGetValue(platformKey, out var last) ? last : null, consent))
            {
                endUser = endUser with { ConsentStatus = consent };
                channel.ConsentTimes[platformKey] = now;
            }

            if (effects.SetPreferredLanguage is { } language)
            {
                endUser = endUser with { PreferredLanguage = language };
            }

            if (effects.OpenSessionWithOrigin is { } origin && !current.HasOpenSession)
            {
                var session = new MessagingSession
                {
                    Id = SalesforceId.NewId(KeyPrefixes.MessagingSession),
                    MessagingChannelId = channelId,
                    MessagingEndUserId = endUser.Id,
                    Status = SessionStatus.New,
                    Origin = origin,
                    StartTime = now,
                };
                channel.Sessions.Add(session.Id, session);
                data.SessionChannel[session.Id] = channelId;
                endUser = endUser with { OpenSessionId = session.Id };
            }

            channel.EndUsers[platformKey] = endUser;
            channel.PlatformKeys[endUser.Id] = platformKey;
            return Task.FromResult(new ApplyResult(true, StateOf(channel, platformKey)));
        }
    }

    public Task<MessagingEndUser?> GetAsync(string channelId, string platformKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        ArgumentNullException.ThrowIfNull(platformKey);
        if (data.Find(channelId) is not { } channel)
        {
            return Task.FromResult<MessagingEndUser?>(null);
        }

        lock (channel.Gate)
        {
            return Task.FromResult(channel.EndUsers.GetValueOrDefault(platformKey));
        }
    }

    /// <summary>Call under the channel's lock.</summary>
    private static EndUserState StateOf(MemoryChannelData channel, string platformKey)
    {
        if (!channel.EndUsers.TryGetValue(platformKey, out var endUser))
        {
            return EndUserState.Unknown;
        }

        if (endUser.OpenSessionId is { } sessionId && channel.Sessions.TryGetValue(sessionId, out var session))
        {
            return new EndUserState(endUser.Id, endUser.ConsentStatus, sessionId, session.Status, endUser.PreferredLanguage);
        }

        return new EndUserState(endUser.Id, endUser.ConsentStatus, null, null, endUser.PreferredLanguage);
    }
}
