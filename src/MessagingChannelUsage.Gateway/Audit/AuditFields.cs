using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Gateway.Audit;

/// <summary>
/// A record's fields as text, and the changes between two versions of it. Works on the domain
/// records (MessagingChannel, ChannelUsage, MessagingSession) by their settable properties, so a
/// new field is audited without touching this file. Fields that could carry customer data
/// (platform keys, message text) are never read.
/// </summary>
internal static class AuditFields
{
    /// <summary>A value longer than this is cut (keyword lists and texts of a channel can be long).</summary>
    public const int MaxValueLength = 512;

    private static readonly HashSet<string> Excluded = new(StringComparer.Ordinal) { "PlatformKey", "Text", "MessageText" };
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    /// <summary>Field name → value as text (null = no value). An absent record has no fields.</summary>
    public static SortedDictionary<string, string?> Of(object? record)
    {
        var fields = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        if (record is null)
        {
            return fields;
        }

        foreach (var property in Properties.GetOrAdd(record.GetType(), static type => type
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.SetMethod is not null && property.GetIndexParameters().Length == 0 && !Excluded.Contains(property.Name))
            .ToArray()))
        {
            fields[property.Name] = Format(property.GetValue(record));
        }

        return fields;
    }

    /// <summary>Every field whose value differs, old → new, in field-name order.</summary>
    public static List<AuditChange> Changes(SortedDictionary<string, string?> before, SortedDictionary<string, string?> after)
    {
        var changes = new List<AuditChange>();
        foreach (var field in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            before.TryGetValue(field, out var oldValue);
            after.TryGetValue(field, out var newValue);
            if (!string.Equals(oldValue, newValue, StringComparison.Ordinal))
            {
                changes.Add(new AuditChange(field, oldValue, newValue));
            }
        }

        return changes;
    }

    public static string? Format(object? value)
    {
        var text = value switch
        {
            null => null,
            string s => s,
            DateTimeOffset time => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(item => Format(item) ?? "null")) + "]",
            _ => value.ToString(),
        };
        return text is { Length: > MaxValueLength } ? text[..MaxValueLength] + "…" : text;
    }
}
