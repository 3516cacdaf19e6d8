using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Caching;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// The Redis end-user store with the <see cref="EndUserNearCache"/> in front of its routing read
/// (<c>Store:EndUserCache</c>). Writes go to Redis and then drop this instance's entry before the
/// caller sees the result; the admin read (<see cref="GetAsync"/>) always reads Redis.
/// </summary>
internal sealed class NearCachedEndUserStore(IEndUserStore inner, EndUserNearCache cache) : IEndUserStore
{
    public Task<EndUserState> GetStateAsync(string channelId, string platformKey, CancellationToken cancellationToken)
        => cache.TryGet(channelId, platformKey, out var cached, out var lease)
            ? cached
            : ReadAsync(channelId, platformKey, lease, cancellationToken);

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
