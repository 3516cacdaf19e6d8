using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Query;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// How a query snapshot is stored: one Redis list, element 0 the header
/// <c>{"shape":0,"fields":[...],"total":n}</c>, then one JSON element per row in result order
/// (a record as its properties, picklists by enum number; an aggregate row as an array of its
/// values in field order: strings, integer counts, null), so LRANGE reads exactly one page.
/// </summary>
internal static class QuerySnapshotFormat
{
    public static RedisValue[] Encode(QueryRows rows)
    {
        var values = new RedisValue[rows.RowCount + 1];
        values[0] = JsonSerializer.SerializeToUtf8Bytes(new SnapshotHeader(rows.Shape, rows.Fields, rows.TotalSize), QuerySnapshotJsonContext.Default.SnapshotHeader);
        for (var i = 0; i < rows.RowCount; i++)
        {
            values[i + 1] = rows.Shape == QueryShape.Records
                ? JsonSerializer.SerializeToUtf8Bytes(rows.Records[i], QuerySnapshotJsonContext.Default.ChannelUsage)
                : EncodeAggregate(rows.Fields, rows.AggregateRows[i]);
        }

        return values;
    }

    public static QueryRows Decode(RedisValue header, RedisValue[] page)
    {
        var head = JsonSerializer.Deserialize((byte[])header!, QuerySnapshotJsonContext.Default.SnapshotHeader)
            ?? throw new InvalidDataException("A query snapshot header is null.");
        return head.Shape switch
        {
            QueryShape.Records => new QueryRows(head.Shape, head.Fields, [.. page.Select(DecodeRecord)], [], head.Total),
            QueryShape.Aggregate => new QueryRows(head.Shape, head.Fields, [], [.. page.Select(v => DecodeAggregate(head.Fields, v))], head.Total),
            _ => new QueryRows(head.Shape, head.Fields, [], [], head.Total),
        };
    }

    private static ChannelUsage DecodeRecord(RedisValue value)
        => JsonSerializer.Deserialize((byte[])value!, QuerySnapshotJsonContext.Default.ChannelUsage)
           ?? throw new InvalidDataException("A query snapshot row is null.");

    private static byte[] EncodeAggregate(IReadOnlyList<string> fields, IReadOnlyDictionary<string, object?> row)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var field in fields)
            {
                switch (row[field])
                {
                    case null:
                        writer.WriteNullValue();
                        break;
                    case int count:
                        writer.WriteNumberValue(count);
                        break;
                    case var other:
                        writer.WriteStringValue(Convert.ToString(other, CultureInfo.InvariantCulture));
                        break;
                }
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static OrderedDictionary<string, object?> DecodeAggregate(IReadOnlyList<string> fields, RedisValue value)
    {
        using var document = JsonDocument.Parse((byte[])value!);
        var row = new OrderedDictionary<string, object?>(fields.Count, StringComparer.Ordinal);
        var i = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            row[fields[i++]] = element.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Number => element.GetInt32(),
                _ => element.GetString(),
            };
        }

        return row;
    }
}

/// <summary>Element 0 of a stored query snapshot.</summary>
internal sealed record SnapshotHeader(QueryShape Shape, IReadOnlyList<string> Fields, int Total);

/// <summary>Source-generated JSON of query snapshots (no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, IgnoreReadOnlyProperties = true)]
[JsonSerializable(typeof(SnapshotHeader))]
[JsonSerializable(typeof(ChannelUsage))]
internal sealed partial class QuerySnapshotJsonContext : JsonSerializerContext;
