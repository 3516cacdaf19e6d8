using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Common;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// The change log on Redis: the streams of <see cref="RedisChangeStreams"/>, written by the record
/// scripts (RedisScripts.AppendChange) and read here, one script call per slot stream (each call
/// stays in one slot, so it runs on a cluster). A watcher's position is one stream id per slot.
/// </summary>
internal sealed class RedisChangeLog(RedisContext context) : IChangeLog
{
    public async Task<IChangeCursor> OpenAsync(string? resumeToken, IReadOnlySet<string>? channelIds, CancellationToken cancellationToken)
    {
        var filter = channelIds is { Count: > 0 } ? channelIds : null;
        var filterSlots = filter?.Select(RedisChangeStreams.SlotOf).ToHashSet();
        try
        {
            if (resumeToken is not null)
            {
                var token = RedisChangeToken.Decode(resumeToken);
                var cursor = new Cursor(context, filter, filterSlots, token.OpenedMs, new Dictionary<int, RedisStreamId>(token.Positions));
                await cursor.CheckRetainedAsync();
                return cursor;
            }

            // From now: the current end of every stream that may hold a watched channel.
            var opened = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var slots = filterSlots ?? await AllSlotsAsync(context);
            var ends = await Task.WhenAll(slots.Select(slot => ReadSlotAsync(context, slot, RedisStreamId.Zero, 0)));
            return new Cursor(context, filter, filterSlots, opened, ends.ToDictionary(e => e.Slot, e => e.Last));
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("opening the change stream", ex);
        }
    }

    private static async Task<HashSet<int>> AllSlotsAsync(RedisContext context)
        => [.. (await context.Db.SetMembersAsync(context.ChangeStreams.SlotSet)).Select(v => (int)v)];

    private static async Task<SlotRead> ReadSlotAsync(RedisContext context, int slot, RedisStreamId after, int count)
    {
        var result = (RedisResult[])(await context.Db.ScriptEvaluateAsync(
            RedisScripts.ReadChanges, [context.ChangeStreams.Stream(slot)], [after.ToString(), count]))!;
        var entries = (RedisResult[])result[1]!;
        var read = new List<(RedisStreamId, RedisResult[])>(entries.Length);
        var firstPrevious = RedisStreamId.Zero;
        foreach (var entry in entries)
        {
            var parts = (RedisResult[])entry!;
            var fields = (RedisResult[])parts[1]!;
            if (read.Count == 0 && fields.Length >= 2 && (string?)fields[0] == "_prev")
            {
                firstPrevious = RedisStreamId.Parse((string)fields[1]!);
            }

            read.Add((RedisStreamId.Parse((string)parts[0]!), fields));
        }

        return new SlotRead(slot, RedisStreamId.Parse((string)result[0]!), firstPrevious, read);
    }

    /// <summary>One slot's stream as read: its last id, the id before the first entry read (zero when none), the entries.</summary>
    private sealed record SlotRead(int Slot, RedisStreamId Last, RedisStreamId FirstPrevious, List<(RedisStreamId Id, RedisResult[] Fields)> Entries)
    {
        /// <summary>
        /// Whether changes after <paramref name="after"/> are gone (trimmed): the first entry read
        /// does not follow it directly, or none was read though the stream went beyond it.
        /// </summary>
        public bool LostAfter(RedisStreamId after) => Entries.Count > 0 ? FirstPrevious > after : Last > after;
    }

    private sealed class Cursor(
        RedisContext context,
        IReadOnlySet<string>? filter,
        HashSet<int>? filterSlots,
        long openedMs,
        Dictionary<int, RedisStreamId> positions) : IChangeCursor
    {
        public async Task<IReadOnlyList<StoredChange>> ReadAsync(int max, CancellationToken cancellationToken)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
            try
            {
                var reads = await ReadAllAsync(max);
                var all = reads.SelectMany(r => r.Entries.Select(e => (r.Slot, e.Id, e.Fields))).OrderBy(e => e.Id).ToList();
                var changes = new List<StoredChange>(Math.Min(max, all.Count));
                foreach (var (slot, id, fields) in all)
                {
                    if (changes.Count == max)
                    {
                        break;
                    }

                    // Other channels of a watched slot are passed over, but the position moves past them.
                    positions[slot] = id;
                    var change = Decode(id, fields);
                    if (filter is null || filter.Contains(change.ChannelId))
                    {
                        changes.Add(change);
                    }
                }

                return changes;
            }
            catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
            {
                throw RedisContext.Unavailable("reading the change stream", ex);
            }
        }

        /// <summary>Fails with INVALID_REPLAY_ID when a change after the position was trimmed away.</summary>
        public async Task CheckRetainedAsync() => await ReadAllAsync(1);

        private async Task<SlotRead[]> ReadAllAsync(int count)
        {
            var slots = filterSlots ?? [.. (await AllSlotsAsync(context)).Union(positions.Keys)];
            var reads = await Task.WhenAll(slots.Select(slot =>
                ReadSlotAsync(context, slot, positions.GetValueOrDefault(slot, RedisStreamId.Zero), count)));
            foreach (var read in reads)
            {
                // A slot not read yet was not in the set when the watch began: all its changes are
                // younger than the watch, so only a trim of entries from that moment on loses one.
                var lost = positions.TryGetValue(read.Slot, out var position)
                    ? read.LostAfter(position)
                    : read.LostAfter(RedisStreamId.Zero) && (read.Entries.Count > 0 ? read.FirstPrevious : read.Last) >= new RedisStreamId((ulong)openedMs, 0);
                if (lost)
                {
                    throw ChangeFields.ReplayIdPastRetention(context.ChangeRetention);
                }
            }

            return reads;
        }

        private StoredChange Decode(RedisStreamId id, RedisResult[] pairs)
        {
            string channelId = string.Empty, objectCode = string.Empty, created = "0", changed = string.Empty;
            var record = new List<HashEntry>(pairs.Length / 2);
            for (var i = 0; i + 1 < pairs.Length; i += 2)
            {
                var name = (string)pairs[i]!;
                var value = (string)pairs[i + 1]!;
                switch (name)
                {
                    case "_prev": break;
                    case "_ch": channelId = value; break;
                    case "_obj": objectCode = value; break;
                    case "_new": created = value; break;
                    case "_chg": changed = value; break;
                    default: record.Add(new HashEntry(name, value)); break;
                }
            }

            var isUsage = objectCode == "U";
            var objectName = isUsage ? ChangeFields.UsageObject : ChangeFields.ChannelObject;
            var names = ChangeFields.ApiNames(objectName, changed.Split(',', StringSplitOptions.RemoveEmptyEntries));
            var fields = new RedisRecordFormat.Fields([.. record]);
            return new StoredChange(
                channelId,
                objectName,
                ChangeFields.KindOf(created == "1", names),
                isUsage ? null : RedisRecordFormat.DecodeChannel(fields),
                isUsage ? RedisRecordFormat.DecodeUsage(fields) : null,
                names,
                id.Time,
                new RedisChangeToken(openedMs, positions).Encode());
        }
    }
}
