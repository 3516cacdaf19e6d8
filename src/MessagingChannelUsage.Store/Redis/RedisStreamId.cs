using System.Globalization;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>A Redis Stream entry id "ms-seq" (ms: the server's time of the append), ordered.</summary>
internal readonly record struct RedisStreamId(ulong Ms, ulong Seq) : IComparable<RedisStreamId>
{
    public static readonly RedisStreamId Zero = new(0, 0);

    public static bool TryParse(ReadOnlySpan<char> text, out RedisStreamId id)
    {
        id = Zero;
        var dash = text.IndexOf('-');
        if (dash <= 0
            || !ulong.TryParse(text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !ulong.TryParse(text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }

        id = new RedisStreamId(ms, seq);
        return true;
    }

    public static RedisStreamId Parse(string text)
        => TryParse(text, out var id) ? id : throw new InvalidDataException($"'{text}' is not a stream id.");

    public static bool operator <(RedisStreamId a, RedisStreamId b) => a.CompareTo(b) < 0;

    public static bool operator >(RedisStreamId a, RedisStreamId b) => a.CompareTo(b) > 0;

    public static bool operator <=(RedisStreamId a, RedisStreamId b) => a.CompareTo(b) <= 0;

    public static bool operator >=(RedisStreamId a, RedisStreamId b) => a.CompareTo(b) >= 0;

    public int CompareTo(RedisStreamId other) => Ms != other.Ms ? Ms.CompareTo(other.Ms) : Seq.CompareTo(other.Seq);

    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds((long)Ms);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Ms}-{Seq}");
}
