using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Common;
using MessagingChannelUsage.Store.Redis;
using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Idempotency;

/// <summary>
/// Idempotency records through <see cref="IDistributedCache"/>: the in-memory store's
/// MemoryDistributedCache (any other cache works too). The Redis store keeps its own records
/// (<see cref="RedisIdempotencyStore"/>: one command each way, issue 12).
/// </summary>
public sealed class DistributedCacheIdempotencyStore : IIdempotencyStore
{
    private readonly IDistributedCache cache;
    private readonly DistributedCacheEntryOptions entryOptions;

    public DistributedCacheIdempotencyStore(IDistributedCache cache, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        this.cache = cache;
        entryOptions = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = timeToLive };
    }

    public async Task<byte[]?> TryGetAsync(string channelId, string messageId, CancellationToken cancellationToken)
    {
        try
        {
            return await cache.GetAsync(KeyOf(channelId, messageId), cancellationToken).Until(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            throw StoreErrors.Unavailable("reading an idempotency record", ex);
        }
    }

    public async Task SetAsync(string channelId, string messageId, byte[] payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        try
        {
            await cache.SetAsync(KeyOf(channelId, messageId), payload, entryOptions, cancellationToken).Until(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            throw StoreErrors.Unavailable("writing an idempotency record", ex);
        }
    }

    /// <summary>"{channelId}:idem:messageId" (the cache adds its instance prefix "mcu:").</summary>
    internal static string KeyOf(string channelId, string messageId)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        ArgumentNullException.ThrowIfNull(messageId);
        return string.Concat("{", channelId, "}:idem:", messageId);
    }
}
