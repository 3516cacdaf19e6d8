using System.Buffers.Text;
using System.Globalization;
using System.Text;
using MessagingChannelUsage.Store.Common;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// The resume token of the Redis change log: the position reached in each slot's stream (on a
/// cluster the slots spread over shards, so one token combines positions of every shard) and the
/// time the watch began, for slots it has not read yet. Text "r1." + base64url("openMs|slot:id,…").
/// </summary>
internal sealed record RedisChangeToken(long OpenedMs, IReadOnlyDictionary<int, RedisStreamId> Positions)
{
    private const string Prefix = "r1.";

    public string Encode()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{OpenedMs}|");
        var first = true;
        foreach (var (slot, id) in Positions.OrderBy(p => p.Key))
        {
            text.Append(first ? string.Empty : ",").Append(CultureInfo.InvariantCulture, $"{slot}:{id}");
            first = false;
        }

        return Prefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>Reads a token; anything else → InvalidArgument INVALID_REPLAY_ID.</summary>
    public static RedisChangeToken Decode(string token)
    {
        try
        {
            if (!token.StartsWith(Prefix, StringComparison.Ordinal))
            {
                throw ChangeFields.MalformedReplayId();
            }

            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(Prefix.Length)));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0 || !long.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var opened))
            {
                throw ChangeFields.MalformedReplayId();
            }

            var positions = new Dictionary<int, RedisStreamId>();
            foreach (var part in text[(bar + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = part.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0
                    || !int.TryParse(part.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var slot)
                    || slot >= RedisHashSlot.Count
                    || !RedisStreamId.TryParse(part.AsSpan(colon + 1), out var id)
                    || !positions.TryAdd(slot, id))
                {
                    throw ChangeFields.MalformedReplayId();
                }
            }

            return new RedisChangeToken(opened, positions);
        }
        catch (FormatException)
        {
            throw ChangeFields.MalformedReplayId();
        }
    }
}
