using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Common;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// Channels: one hash per channel (with its version "ver"). Order of steps across slots:
/// DeveloperName reservation → id index (sorted set of all ids) → the channel hash (script). An
/// index entry without a channel is skipped by listings; a channel is never written without both.
/// </summary>
internal sealed class RedisChannelRepository(RedisContext context, RedisDeveloperNames names) : IChannelRepository
{
    public async Task<MessagingChannel?> GetAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        try
        {
            var entries = await context.Db.HashGetAllAsync(context.Keys.Channel(channelId)).Until(cancellationToken);
            return entries.Length == 0 ? null : RedisRecordFormat.DecodeChannel(new RedisRecordFormat.Fields(entries));
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("reading a channel", ex);
        }
    }

    public async Task InsertAsync(MessagingChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        try
        {
            await names.ReserveAsync(channel.DeveloperName, channel.Id);
            await context.Db.SortedSetAddAsync(context.Keys.AllChannels, channel.Id, 0);
            var stream = await context.ChangeStreams.RegisterAsync(context.Db, channel.Id);
            var result = (int)await context.Db.ScriptEvaluateAsync(
                RedisScripts.InsertChannel,
                [context.Keys.Channel(channel.Id), stream],
                [context.Keys.ChangesChannelName, channel.Id, context.ChangeRetentionMs, .. Flatten(RedisRecordFormat.EncodeChannel(channel))]);
            if (result < 0)
            {
                var stored = await GetAsync(channel.Id, cancellationToken);
                if (stored is null || !string.Equals(RedisDeveloperNames.Field(stored.DeveloperName), RedisDeveloperNames.Field(channel.DeveloperName), StringComparison.Ordinal))
                {
                    await names.ReleaseAsync(channel.DeveloperName, channel.Id);
                }

                throw StoreErrors.DuplicateId("MessagingChannel", channel.Id);
            }

            context.Announce(channel.Id, 1);
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("inserting a channel", ex);
        }
    }

    public async Task ReplaceAsync(MessagingChannel channel, DateTimeOffset expectedModstamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        try
        {
            var key = context.Keys.Channel(channel.Id);
            var oldName = (string?)await context.Db.HashGetAsync(key, "dn") ?? throw StoreErrors.NotFound("MessagingChannel", channel.Id);
            var renamed = !string.Equals(RedisDeveloperNames.Field(oldName), RedisDeveloperNames.Field(channel.DeveloperName), StringComparison.Ordinal);
            if (renamed)
            {
                await names.ReserveAsync(channel.DeveloperName, channel.Id);
            }

            var stream = await context.ChangeStreams.RegisterAsync(context.Db, channel.Id);
            var version = (long)await context.Db.ScriptEvaluateAsync(
                RedisScripts.ReplaceChannel,
                [key, stream],
                [
                    context.Keys.ChangesChannelName, channel.Id, RedisRecordFormat.Ticks(expectedModstamp), context.ChangeRetentionMs,
                    .. Flatten(RedisRecordFormat.EncodeChannel(channel)),
                ]);
            if (version < 0)
            {
                if (renamed)
                {
                    await names.ReleaseAsync(channel.DeveloperName, channel.Id);
                }

                throw version == -1
                    ? StoreErrors.NotFound("MessagingChannel", channel.Id)
                    : StoreErrors.StaleModstamp("MessagingChannel", channel.Id);
            }

            context.Announce(channel.Id, version);
            if (renamed)
            {
                await names.ReleaseAsync(oldName, channel.Id);
            }
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("replacing a channel", ex);
        }
    }

    public async Task<StorePage<MessagingChannel>> ListAsync(int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        PageSize.Validate(pageSize);
        try
        {
            var ids = await context.Db.SortedSetRangeByValueAsync(
                context.Keys.AllChannels,
                pageToken is null ? default(RedisValue) : pageToken,
                default,
                pageToken is null ? Exclude.None : Exclude.Start,
                Order.Ascending,
                0,
                pageSize + 1);
            var more = ids.Length > pageSize;
            var reads = ids.Take(pageSize).Select(id => context.Db.HashGetAllAsync(context.Keys.Channel((string)id!))).ToArray();
            var hashes = await Task.WhenAll(reads).Until(cancellationToken);
            var channels = hashes.Where(h => h.Length > 0).Select(h => RedisRecordFormat.DecodeChannel(new RedisRecordFormat.Fields(h))).ToList();
            return new StorePage<MessagingChannel>(channels, more ? (string?)ids[pageSize - 1] : null);
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("listing channels", ex);
        }
    }

    internal static IEnumerable<RedisValue> Flatten(HashEntry[] entries)
    {
        foreach (var entry in entries)
        {
            yield return entry.Name;
            yield return entry.Value;
        }
    }
}
