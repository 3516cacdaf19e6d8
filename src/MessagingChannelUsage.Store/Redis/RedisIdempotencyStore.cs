using MessagingChannelUsage.Store.Abstractions;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// Idempotency records as plain strings with their expiry: one GET to find, one SET … PX to keep
/// (issue 12; the IDistributedCache used before stored a hash of absexp/sldexp/data and wrote it
/// with HSET + EXPIRE). Records of that earlier version (hashes, kept 24 h across a rolling
/// deploy) are still found: GET on a hash is refused with WRONGTYPE, and the record is its
/// <c>data</c> field.
/// </summary>
internal sealed class RedisIdempotencyStore(RedisContext context, TimeSpan timeToLive) : IIdempotencyStore
{
    private static readonly RedisValue LegacyDataField = "data";

    public async Task<byte[]?> TryGetAsync(string channelId, string messageId, CancellationToken cancellationToken)
    {
        var key = context.Keys.Idempotency(channelId, messageId);
        try
        {
            try
            {
                return await context.Db.StringGetAsync(key).Until(cancellationToken);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
            {
                return await context.Db.HashGetAsync(key, LegacyDataField).Until(cancellationToken);
            }
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("reading an idempotency record", ex);
        }
    }

    public async Task SetAsync(string channelId, string messageId, byte[] payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        try
        {
            await context.Db.StringSetAsync(context.Keys.Idempotency(channelId, messageId), payload, timeToLive).Until(cancellationToken);
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("writing an idempotency record", ex);
        }
    }
}
