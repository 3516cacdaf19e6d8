using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Query;

/// <summary>
/// GROUP BY and COUNT: one group per distinct combination of the grouped fields' values (null is
/// a value of its own, as in Salesforce), or a single group of every matching record when there
/// is no GROUP BY (so COUNT(Id) over nothing is one row with 0). COUNT(field) counts the non-null
/// values; COUNT() in ORDER BY counts rows. Groups come out in ORDER BY order, then by their
/// grouped values ascending (nulls first).
/// </summary>
internal static class AggregateEvaluator
{
    /// <summary>One group: the grouped values (in GROUP BY order) and one count per count expression.</summary>
    internal sealed class Group(object?[] keys, List<UsageField?> countFields)
    {
        public object?[] Keys { get; } = keys;

        /// <summary>The query's count expressions (shared by every group); <see cref="Counts"/> follows it.</summary>
        public List<UsageField?> CountFields { get; } = countFields;

        public int[] Counts { get; } = new int[countFields.Count];

        public IReadOnlyDictionary<string, object?> ToRow(SoqlQuery query)
        {
            var row = new OrderedDictionary<string, object?>(query.Columns.Length, StringComparer.Ordinal);
            foreach (var column in query.Columns)
            {
                row[column.Name] = column.Count
                    ? Counts[CountFields.IndexOf(column.Field)]
                    : Keys[query.GroupBy.IndexOf(column.Field!)];
            }

            return row;
        }
    }

    public static List<Group> Run(SoqlQuery query, IReadOnlyList<ChannelUsage> records)
    {
        var countFields = CountExpressions(query);
        var groups = new Dictionary<object?[], Group>(new KeyComparer());
        if (query.GroupBy.IsEmpty)
        {
            groups[[]] = new Group([], countFields);
        }

        foreach (var record in records)
        {
            if (!query.Filter(record))
            {
                continue;
            }

            var keys = query.GroupBy.Select(f => f.Get(record)).ToArray();
            if (!groups.TryGetValue(keys, out var group))
            {
                group = new Group(keys, countFields);
                groups[keys] = group;
            }

            for (var i = 0; i < countFields.Count; i++)
            {
                if (countFields[i] is not { } field || field.Get(record) is not null)
                {
                    group.Counts[i]++;
                }
            }
        }

        var list = groups.Values.ToList();
        list.Sort((a, b) => CompareGroups(query, a, b));
        return list;
    }

    /// <summary>The distinct COUNT expressions of SELECT and ORDER BY (null = COUNT()), in a fixed order.</summary>
    private static List<UsageField?> CountExpressions(SoqlQuery query)
        => [.. query.Columns.Where(c => c.Count).Select(c => c.Field)
            .Concat(query.OrderBy.Where(k => k.Count).Select(k => k.Field))
            .Distinct()];

    private static int CompareGroups(SoqlQuery query, Group a, Group b)
    {
        foreach (var key in query.OrderBy)
        {
            int c;
            if (key.Count)
            {
                var index = a.CountFields.IndexOf(key.Field);
                c = a.Counts[index].CompareTo(b.Counts[index]);
                c = key.Descending ? -c : c;
            }
            else
            {
                var index = query.GroupBy.IndexOf(key.Field!);
                var (x, y) = (a.Keys[index], b.Keys[index]);
                c = FieldValues.CompareForSort(key.Field!, x, y, key.NullsFirst);
                c = key.Descending && x is not null && y is not null ? -c : c;
            }

            if (c != 0)
            {
                return c;
            }
        }

        for (var i = 0; i < query.GroupBy.Length; i++)
        {
            var c = FieldValues.CompareForSort(query.GroupBy[i], a.Keys[i], b.Keys[i], nullsFirst: true);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    /// <summary>Grouped values are picklist API names and 18-char ids: compared as ids are, ignoring case.</summary>
    private sealed class KeyComparer : IEqualityComparer<object?[]>
    {
        public bool Equals(object?[]? x, object?[]? y)
            => x is not null && y is not null && x.Length == y.Length
               && x.Zip(y).All(p => p.First is string s && p.Second is string t
                   ? string.Equals(s, t, StringComparison.OrdinalIgnoreCase)
                   : Equals(p.First, p.Second));

        public int GetHashCode(object?[] obj)
        {
            var hash = new HashCode();
            foreach (var value in obj)
            {
                hash.Add(value is string s ? StringComparer.OrdinalIgnoreCase.GetHashCode(s) : value?.GetHashCode() ?? 0);
            }

            return hash.ToHashCode();
        }
    }
}
