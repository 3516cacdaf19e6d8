using System.Text.Json;
using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Query;

namespace MessagingChannelUsage.Gateway.SalesforceRest;

/// <summary>
/// Records as Salesforce writes them: {"attributes":{"type","url"}, field: value, ...} with
/// picklists by API name, ids of 18 characters, dateTimes as "2026-12-01T10:00:00.000+0000" and
/// null for null; query answers {"totalSize","done","nextRecordsUrl"?,"records"}, aggregate rows
/// with attributes {"type":"AggregateResult"}.
/// </summary>
internal static class RecordJson
{
    public static void WriteRecord(Utf8JsonWriter writer, ChannelUsage record, IEnumerable<UsageField> fields, string version)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("attributes");
        writer.WriteString("type", UsageFields.ObjectName);
        writer.WriteString("url", ApiVersions.Base(version) + "/sobjects/" + UsageFields.ObjectName + "/" + record.Id);
        writer.WriteEndObject();
        foreach (var field in fields)
        {
            WriteValue(writer, field.Name, field.Get(record));
        }

        writer.WriteEndObject();
    }

    public static void WriteQueryResult(Utf8JsonWriter writer, QueryResult result, string version)
    {
        writer.WriteStartObject();
        writer.WriteNumber("totalSize", result.TotalSize);
        writer.WriteBoolean("done", result.Done);
        if (result.NextCursor is { } locator)
        {
            writer.WriteString("nextRecordsUrl", ApiVersions.Base(version) + "/query/" + locator);
        }

        writer.WriteStartArray("records");
        var fields = result.Fields.Select(name => UsageFields.TryFind(name, out var field) ? field : null).OfType<UsageField>().ToList();
        foreach (var record in result.Records)
        {
            WriteRecord(writer, record, fields, version);
        }

        foreach (var row in result.AggregateRows)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("attributes");
            writer.WriteString("type", "AggregateResult");
            writer.WriteEndObject();
            foreach (var (name, value) in row)
            {
                WriteValue(writer, name, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, string name, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull(name);
                break;
            case int number:
                writer.WriteNumber(name, number);
                break;
            case DateTimeOffset time:
                writer.WriteString(name, SalesforceDates.ToText(time));
                break;
            default:
                writer.WriteString(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
