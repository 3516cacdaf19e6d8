using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// Where change events live (docs/redis.md): one Redis Stream per cluster slot that holds a
/// channel, "prefix:{tag}:changes", where tag is a short text that hashes to that slot, so the
/// write script of a channel can XADD to its slot's stream atomically with the write. The set
/// "prefix:changeslots" lists the slots that have (or are about to have) a stream; a slot is added
/// BEFORE its first write, so a watcher that did not see a slot there yet misses none of its events.
/// </summary>
internal sealed class RedisChangeStreams(string keyPrefix)
{
    /// <summary>For each slot, a tag that hashes to it ("0", "1", … in hex, the first one found).</summary>
    private static readonly Lazy<string[]> SlotTags = new(BuildSlotTags);

    private readonly string prefixText = keyPrefix + ":";
    private readonly ConcurrentDictionary<int, bool> registered = new();

    public RedisKey SlotSet => prefixText + "changeslots";

    public static int SlotOf(string channelId) => RedisHashSlot.OfTag(channelId);

    public RedisKey Stream(int slot) => string.Concat(prefixText, "{", SlotTags.Value[slot], "}:changes");

    /// <summary>The stream of the channel's slot, registered in the slot set first (once per slot per process).</summary>
    public async Task<RedisKey> RegisterAsync(IDatabase db, string channelId)
    {
        var slot = SlotOf(channelId);
        if (!registered.ContainsKey(slot))
        {
            await db.SetAddAsync(SlotSet, slot);
            registered.TryAdd(slot, true);
        }

        return Stream(slot);
    }

    private static string[] BuildSlotTags()
    {
        var tags = new string[RedisHashSlot.Count];
        var found = 0;
        for (var n = 0; found < tags.Length; n++)
        {
            var tag = n.ToString("x", CultureInfo.InvariantCulture);
            var slot = RedisHashSlot.OfTag(tag);
            if (tags[slot] is null)
            {
                tags[slot] = tag;
                found++;
            }
        }

        return tags;
    }
}
