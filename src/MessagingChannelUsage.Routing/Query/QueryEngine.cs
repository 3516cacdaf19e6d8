using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Query;

/// <summary>
/// Runs a <see cref="SoqlQuery"/> over a set of records (all usages; the store hands them in) and
/// returns the whole result. Order: WHERE, then ORDER BY (ASC puts nulls first and DESC last
/// unless NULLS says otherwise), then OFFSET, then LIMIT. Rows that tie on every ORDER BY key (or
/// every row, without ORDER BY) are ordered by Id (records) or by the group values (aggregates):
/// Salesforce promises no order there, and a total order makes a result reproducible. Paging
/// (queryMore) cuts pages out of this result, which a query snapshot keeps (see
/// <see cref="QueryLocator"/>), so a write between pages never moves a row across a page boundary.
/// A query costs a full scan and a sort of every usage (the store hands them all in; at most
/// three per channel), O(n log n): fine at admin scale; a store-side index would be the next step.
/// </summary>
public static class QueryEngine
{
    /// <summary>Every row of <paramref name="query"/> over <paramref name="records"/>.</summary>
    public static QueryRows Execute(SoqlQuery query, IReadOnlyList<ChannelUsage> records)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(records);
        switch (query.Shape)
        {
            case QueryShape.CountOnly:
                return new QueryRows(QueryShape.CountOnly, [], [], [], Window(query, records.Count(query.Filter)));
            case QueryShape.Aggregate:
                var groups = Cut(query, AggregateEvaluator.Run(query, records));
                return new QueryRows(QueryShape.Aggregate, ColumnNames(query), [], [.. groups.Select(g => g.ToRow(query))], groups.Count);
            default:
                var sorted = Cut(query, Sort(query, records.Where(query.Filter)));
                return new QueryRows(QueryShape.Records, ColumnNames(query), sorted, [], sorted.Count);
        }
    }

    /// <summary>Applies OFFSET and LIMIT.</summary>
    private static List<T> Cut<T>(SoqlQuery query, List<T> all)
    {
        var first = Math.Min(query.Offset ?? 0, all.Count);
        return all.GetRange(first, Window(query, all.Count));
    }

    /// <summary>How many of <paramref name="matching"/> rows survive OFFSET and LIMIT.</summary>
    private static int Window(SoqlQuery query, int matching)
    {
        var afterOffset = Math.Max(0, matching - (query.Offset ?? 0));
        return query.Limit is { } limit ? Math.Min(limit, afterOffset) : afterOffset;
    }

    private static string[] ColumnNames(SoqlQuery query) => [.. query.Columns.Select(c => c.Name)];

    /// <summary>Sorts by the ORDER BY keys, then by Id; each key is read once per record.</summary>
    private static List<ChannelUsage> Sort(SoqlQuery query, IEnumerable<ChannelUsage> records)
    {
        var keys = query.OrderBy;
        var decorated = records.Select(r => (Record: r, Values: keys.Select(k => FieldValues.SortValue(k.Field!, k.Field!.Get(r))).ToArray())).ToList();
        decorated.Sort((a, b) =>
        {
            for (var i = 0; i < keys.Length; i++)
            {
                var key = keys[i];
                var c = FieldValues.CompareSortValues(a.Values[i], b.Values[i], key.NullsFirst);
                if (c != 0)
                {
                    // Descending reverses the values, not the null placement (NULLS says where nulls go).
                    return key.Descending && a.Values[i] is not null && b.Values[i] is not null ? -c : c;
                }
            }

            return string.Compare(a.Record.Id, b.Record.Id, StringComparison.OrdinalIgnoreCase);
        });
        return [.. decorated.Select(d => d.Record)];
    }
}
