using MessagingChannelUsage.Routing.Metadata;

namespace MessagingChannelUsage.Routing.Query;

/// <summary>
/// How query compares the values <see cref="UsageField.Get"/> returns (picklist API names, 18-char
/// ids, <see cref="DateTimeOffset"/>s):
/// <list type="bullet">
/// <item>ids and references: as 18-character ids, case-insensitively (the 18-char suffix encodes
/// the case of the first 15, so this is exact; 15-char literals are normalised before);</item>
/// <item>picklists: equal ignoring case (as SOQL); ordered by the picklist's definition order,
/// which is how Salesforce sorts picklists (not alphabetically);</item>
/// <item>date-times: by instant, whatever the offset written.</item>
/// </list>
/// Nulls are handled by the callers (filters and sort keys treat them differently).
/// </summary>
internal static class FieldValues
{
    public static bool AreEqual(UsageField field, object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        // Picklist names and 18-char ids are equal exactly when they are equal ignoring case.
        return a is string x && b is string y ? string.Equals(x, y, StringComparison.OrdinalIgnoreCase) : Compare(field, a, b) == 0;
    }

    /// <summary>
    /// The value in a form that sorts fast: a picklist's API name becomes its rank (an int), so a
    /// sort does not look names up on every comparison. Compare results with <see cref="CompareSortValues"/>.
    /// </summary>
    public static object? SortValue(UsageField field, object? value)
        => field.Type == FieldType.Picklist && value is string name ? Rank(field, name) : value;

    /// <summary>Null-aware comparison of <see cref="SortValue"/>s: nulls first or last as asked.</summary>
    public static int CompareSortValues(object? a, object? b, bool nullsFirst)
    {
        if (a is null || b is null)
        {
            return a is null && b is null ? 0 : (a is null) == nullsFirst ? -1 : 1;
        }

        return (a, b) switch
        {
            (int x, int y) => x.CompareTo(y),
            (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
            _ => string.Compare((string)a, (string)b, StringComparison.OrdinalIgnoreCase),
        };
    }

    public static int Compare(UsageField field, object a, object b) => field.Type switch
    {
        FieldType.DateTime => ((DateTimeOffset)a).CompareTo((DateTimeOffset)b),
        FieldType.Picklist => ComparePicklist(field, (string)a, (string)b),
        _ => string.Compare((string)a, (string)b, StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>Null-aware comparison for sorting: nulls first or last as asked, then by value.</summary>
    public static int CompareForSort(UsageField field, object? a, object? b, bool nullsFirst)
    {
        if (a is null || b is null)
        {
            return a is null && b is null ? 0 : (a is null) == nullsFirst ? -1 : 1;
        }

        return Compare(field, a, b);
    }

    private static int ComparePicklist(UsageField field, string a, string b)
    {
        var rankA = Rank(field, a);
        var rankB = Rank(field, b);
        // A value outside the picklist (only possible in a filter literal) sorts after the known
        // ones, alphabetically among themselves, so comparisons stay a total order.
        return rankA != rankB ? rankA.CompareTo(rankB)
            : rankA == int.MaxValue ? string.Compare(a, b, StringComparison.OrdinalIgnoreCase) : 0;
    }

    private static int Rank(UsageField field, string apiName)
    {
        var values = field.PicklistValues;
        for (var i = 0; i < values.Length; i++)
        {
            if (string.Equals(values[i].ApiName, apiName, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
