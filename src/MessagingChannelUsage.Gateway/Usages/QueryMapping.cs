using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Query;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Usages;

/// <summary>
/// QueryResult → QueryResponse: records carry only the selected fields, aggregate rows become
/// google.protobuf.Struct (strings for picklists and ids, numbers for counts, ISO 8601 for
/// date-times, null for null), the cursor becomes next_page_token.
/// </summary>
internal static class QueryMapping
{
    public static Proto.QueryResponse ToProto(this QueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var response = new Proto.QueryResponse
        {
            TotalSize = result.TotalSize,
            Done = result.Done,
            NextPageToken = result.NextCursor ?? string.Empty,
        };
        response.Fields.AddRange(result.Fields);
        if (result.Records.Count > 0)
        {
            var selected = result.Fields
                .Select(name => UsageFields.TryFind(name, out var field) ? field : null)
                .OfType<UsageField>()
                .ToHashSet();
            foreach (var record in result.Records)
            {
                response.Records.Add(Project(record.ToProto(), selected));
            }
        }

        foreach (var row in result.AggregateRows)
        {
            var values = new Struct();
            foreach (var (key, value) in row)
            {
                values.Fields[key] = ToValue(value);
            }

            response.AggregateRows.Add(new Proto.AggregateRow { Values = values });
        }

        return response;
    }

    /// <summary>Clears every field not selected (SOQL returns what was asked for).</summary>
    public static Proto.MessagingChannelUsage Project(Proto.MessagingChannelUsage usage, IReadOnlySet<UsageField> keep)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(keep);
        foreach (var field in UsageFields.All)
        {
            if (!keep.Contains(field))
            {
                Proto.MessagingChannelUsage.Descriptor.FindFieldByName(field.ProtoName).Accessor.Clear(usage);
            }
        }

        return usage;
    }

    private static Value ToValue(object? value) => value switch
    {
        null => Value.ForNull(),
        string s => Value.ForString(s),
        bool b => Value.ForBool(b),
        int i => Value.ForNumber(i),
        long l => Value.ForNumber(l),
        double d => Value.ForNumber(d),
        DateTimeOffset t => Value.ForString(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
        System.Enum e => Value.ForString(e.ToString()),
        _ => Value.ForString(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
    };
}
