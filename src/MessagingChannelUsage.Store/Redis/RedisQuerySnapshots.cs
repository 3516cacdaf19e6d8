using MessagingChannelUsage.Routing.Query;
using MessagingChannelUsage.Store.Abstractions;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// Query snapshots on Redis: one list per snapshot (<see cref="QuerySnapshotFormat"/>) with a
/// time to live, written in one MULTI/EXEC (never half a snapshot), read a page at a time with one
/// pipelined LRANGE + PEXPIRE. A single key, so it lives in any cluster slot.
/// </summary>
internal sealed class RedisQuerySnapshots(RedisContext context) : IQuerySnapshotStore
{
    public async Task SaveAsync(string snapshotId, QueryRows rows, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var key = context.Keys.QuerySnapshot(snapshotId);
        var values = QuerySnapshotFormat.Encode(rows);
        try
        {
            var transaction = context.Db.CreateTransaction();
            _ = transaction.KeyDeleteAsync(key);
            _ = transaction.ListRightPushAsync(key, values);
            _ = transaction.KeyExpireAsync(key, timeToLive);
            await transaction.ExecuteAsync();
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("saving query results", ex);
        }
    }

    public async Task<QueryRows?> ReadAsync(string snapshotId, int start, int count, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        var key = context.Keys.QuerySnapshot(snapshotId);
        try
        {
            var db = context.Db;
            var header = db.ListGetByIndexAsync(key, 0);
            var page = count > 0 ? db.ListRangeAsync(key, start + 1L, start + (long)count) : Task.FromResult(Array.Empty<RedisValue>());
            var touch = db.KeyExpireAsync(key, timeToLive);
            // All three in flight together (one round trip); WhenAll observes every failure.
            await Task.WhenAll(header, page, touch);
            var first = await header;
            var rows = await page;
            return first.IsNull ? null : QuerySnapshotFormat.Decode(first, rows);
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("reading query results", ex);
        }
    }
}
