using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Caching;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// The Redis end-user store with the <see cref="EndUserNearCache"/> in front of its routing read
/// (<c>Store:EndUserCache</c>). A write takes the end user's entry before it is sent and fills it
/// with the state the write returned before the caller sees the result (EndUserNearCache's rules:
/// its own change message does not drop it, a later one does); the admin read (<see cref="GetAsync"/>) always reads Redis. A miss
/// while the thread gathers an <see cref="EndUserReadBatch"/> joins it (one round trip for the
/// misses of a stream window).
/// </summary>
internal sealed class NearCachedEndUserStore(IEndUserStore inner, EndUserNearCache cache) : IEndUserStore
{
    public Task<EndUserState> GetStateAsync(string channelId, string platformKey, CancellationToken cancellationToken)
    {
        if (cache.TryGet(channelId, platformKey, out var cached, out var lease))
        {
            return cached;
        }

        return EndUserReadBatch.TryJoin(inner, cache, new EndUserRef(channelId, platformKey), lease, cancellationToken, out var gathered)
            ? gathered
            : ReadAsync(channelId, platformKey, lease, cancellationToken);
    }

    /// <summary>The cached ones from the cache, the misses in one batched read.</summary>
    public async Task<EndUserState[]> GetStatesAsync(IReadOnlyList<EndUserRef> endUsers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endUsers);
        var batch = new EndUserReadBatch(cancellationToken);
        var reads = new Task<EndUserState>[endUsers.Count];
        batch.Enter();
        try
        {
            for (var i = 0; i < reads.Length; i++)
            {
                reads[i] = GetStateAsync(endUsers[i].ChannelId, endUsers[i].PlatformKey, cancellationToken);
            }
        }
        finally
        {
            batch.Exit();
            batch.Send();
        }

        return await Task.WhenAll(reads);
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
        var lease = cache.BeginWrite(channelId, platformKey);
        ApplyResult result;
        try
        {
            result = await inner.ApplyAsync(channelId, platformKey, expected, effects, now, record, cancellationToken);
        }
        catch
        {
            // Unknown outcome: the entry goes (the write's message, if it ran, comes later and finds nothing).
            cache.Abandon(lease);
            throw;
        }

        // Applied or refused (the state is then the current one): either way what Redis had right
        // after the script, cached before the caller sees the answer (same-instance guarantee).
        cache.CompleteWrite(lease, result.State, result.Announced);
        return result;
    }

    public Task<MessagingEndUser?> GetAsync(string channelId, string platformKey, CancellationToken cancellationToken)
        => inner.GetAsync(channelId, platformKey, cancellationToken);

    private async Task<EndUserState> ReadAsync(string channelId, string platformKey, EndUserNearCache.Lease lease, CancellationToken cancellationToken)
    {
        EndUserState state;
        try
        {
            state = await inner.GetStateAsync(channelId, platformKey, cancellationToken);
        }
        catch
        {
            cache.Abandon(lease);
            throw;
        }

        cache.Complete(lease, state);
        return state;
    }
}
