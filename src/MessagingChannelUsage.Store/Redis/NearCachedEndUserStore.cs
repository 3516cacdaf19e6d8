using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Caching;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// The Redis end-user store with the <see cref="EndUserNearCache"/> in front of its routing read
/// (<c>Store:EndUserCache</c>). Writes go to Redis and then drop this instance's entry before the
/// caller sees the result; the admin read (<see cref="GetAsync"/>) always reads Redis. A miss
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
        try
        {
            return await inner.ApplyAsync(channelId, platformKey, expected, effects, now, record, cancellationToken);
        }
        finally
        {
            // Applied, refused (our copy was stale) or unknown outcome: in every case the entry may
            // be wrong now. Dropped before the caller sees the answer (same-instance guarantee).
            cache.Invalidate(channelId, platformKey);
        }
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
