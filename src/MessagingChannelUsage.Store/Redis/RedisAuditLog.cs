using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Common;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// The audit trail as one capped Redis stream ("{prefix}:audit", XADD MAXLEN ~ capacity), shared
/// by every instance. A record is one entry: t (Unix ms), c (caller), r (rpc), o (object),
/// i (id), ch (channel id), d (changes as a JSON array of [field, old, new]). The page token is
/// the last stream id looked at; a time range maps onto stream ids (they start with Unix ms).
/// </summary>
public sealed class RedisAuditLog(RedisStore store, StoreOptions options, int capacity = AuditFilter.DefaultCapacity) : IAuditLog
{
    private readonly RedisKey key = options.RedisKeyPrefix + ":audit";

    public async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        NameValueEntry[] entry =
        [
            new("t", record.Time.ToUnixTimeMilliseconds()),
            new("c", record.Caller),
            new("r", record.Rpc),
            new("o", record.ObjectName),
            new("i", record.ObjectId),
            new("ch", record.ChannelId ?? string.Empty),
            new("d", EncodeChanges(record.Changes)),
        ];
        try
        {
            await store.Multiplexer.GetDatabase().StreamAddAsync(key, entry, maxLength: capacity, useApproximateMaxLength: true);
        }
        catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
        {
            throw StoreErrors.Unavailable("appending an audit record", exception);
        }
    }

    public async Task<StorePage<AuditRecord>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        PageSize.Validate(query.PageSize);
        RedisValue start = query.From is { } from ? from.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "-0" : "-";
        if (query.PageToken is { Length: > 0 } token)
        {
            if (!IsStreamId(token))
            {
                throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.InvalidQueryLocator, "page_token", "The page token is not one this gateway handed out.");
            }

            start = "(" + token;
        }

        RedisValue end = query.To is { } to ? to.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "-" + ulong.MaxValue.ToString(CultureInfo.InvariantCulture) : "+";
        var page = new List<AuditRecord>();
        var scanned = 0;
        string? last = null;
        try
        {
            var db = store.Multiplexer.GetDatabase();
            while (page.Count < query.PageSize && scanned < AuditFilter.MaxScannedPerPage)
            {
                var batch = Math.Min(AuditFilter.MaxScannedPerPage - scanned, string.IsNullOrEmpty(query.ObjectId) ? query.PageSize - page.Count : 500);
                var entries = await db.StreamRangeAsync(key, start, end, batch);
                foreach (var entry in entries)
                {
                    scanned++;
                    last = entry.Id!;
                    var record = Decode(entry);
                    if (AuditFilter.Matches(query, record))
                    {
                        page.Add(record);
                    }
                }

                if (entries.Length < batch)
                {
                    return new StorePage<AuditRecord>(page, null);
                }

                start = "(" + last;
            }
        }
        catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
        {
            throw StoreErrors.Unavailable("reading the audit trail", exception);
        }

        return new StorePage<AuditRecord>(page, last);
    }

    private static bool IsStreamId(string token)
    {
        var dash = token.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && ulong.TryParse(token.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && ulong.TryParse(token.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    private static AuditRecord Decode(StreamEntry entry)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds((long)entry["t"]);
        var channel = (string?)entry["ch"];
        return new AuditRecord(
            time,
            (string?)entry["c"] ?? string.Empty,
            (string?)entry["r"] ?? string.Empty,
            (string?)entry["o"] ?? string.Empty,
            (string?)entry["i"] ?? string.Empty,
            string.IsNullOrEmpty(channel) ? null : channel,
            DecodeChanges((string?)entry["d"]));
    }

    private static string EncodeChanges(IReadOnlyList<AuditChange> changes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var change in changes)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(change.Field);
                writer.WriteStringValue(change.OldValue);
                writer.WriteStringValue(change.NewValue);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static List<AuditChange> DecodeChanges(string? json)
    {
        var changes = new List<AuditChange>();
        if (string.IsNullOrEmpty(json))
        {
            return changes;
        }

        using var document = JsonDocument.Parse(json);
        foreach (var change in document.RootElement.EnumerateArray())
        {
            changes.Add(new AuditChange(change[0].GetString() ?? string.Empty, change[1].GetString(), change[2].GetString()));
        }

        return changes;
    }
}
