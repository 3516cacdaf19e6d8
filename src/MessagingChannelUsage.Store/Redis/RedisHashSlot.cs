using System.Text;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// Redis Cluster's key → slot function (cluster specification: CRC16-XMODEM of the hash tag, mod
/// 16384). StackExchange.Redis computes it only on a cluster connection; the change stream needs it
/// on every topology, because the stream of a channel's slot must share that slot.
/// </summary>
internal static class RedisHashSlot
{
    public const int Count = 16384;

    private static readonly ushort[] Table = BuildTable();

    /// <summary>The slot of a key whose hash tag is <paramref name="tag"/> (the text between the braces).</summary>
    public static int OfTag(string tag)
    {
        ushort crc = 0;
        foreach (var b in Encoding.UTF8.GetBytes(tag))
        {
            crc = (ushort)((crc << 8) ^ Table[((crc >> 8) ^ b) & 0xFF]);
        }

        return crc & (Count - 1);
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ushort)(i << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }

            table[i] = crc;
        }

        return table;
    }
}
