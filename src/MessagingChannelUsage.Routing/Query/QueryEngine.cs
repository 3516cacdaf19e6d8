using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Query;

/// <summary>
/// Runs a <see cref="SoqlQuery"/> over a set of records (all usages; the store hands them in) and
/// returns one page. Order: WHERE, then ORDER BY (ASC puts nulls first and DESC last unless
/// NULLS says otherwise), then OFFSET, then LIMIT, then the page. Rows that tie on every ORDER
/// BY key (or every row, without ORDER BY) are ordered by Id (records) or by the group values
/// (aggregates): Salesforce promises no order there, and a total order is what keeps paging
/// by position stable. Each page re-runs the query over every record it is given: the store
/// hands it every usage of every channel (at most three per channel), so a page costs a full
/// scan and a sort, O(n log n) in the number of usages. Fine at admin scale (queries are rare);
/// a store-side index would be the next step if usages ran into the hundreds of thousands.
/// </summary>
public static class QueryEngine
{
    /// <summary>
    /// The longest cursor (page token) ever issued (80,018 characters, for a query of the maximum
    /// length in 3-byte characters; a typical query gives a few hundred). A host that caps
    /// page_token must allow this much, since the cursor carries the query text.
    /// </summary>
    public const int MaxCursorLength = QueryCursor.MaxLength;

    /// <summary>The first page of <paramref name="query"/>; <paramref name="batchSize"/> 0 means the default.</summary>
    public static QueryResult Execute(SoqlQuery query, IReadOnlyList<ChannelUsage> records, int batchSize = 0, QueryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(records);
        return Page(query, records, 0, (options ?? QueryOptions.Salesforce).ResolveBatchSize(batchSize));
    }

    /// <summary>
    /// The page after the one that returned <paramref name="cursor"/> (queryMore). A cursor that
    /// does not decode → INVALID_QUERY_LOCATOR. When rows vanished since, the page may be empty and done.
    /// </summary>
    public static QueryResult ExecuteMore(string cursor, IReadOnlyList<ChannelUsage> records, int batchSize = 0, QueryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var size = (options ?? QueryOptions.Salesforce).ResolveBatchSize(batchSize);
        var (soql, position) = QueryCursor.Decode(cursor);
        SoqlQuery query;
        try
        {
            query = SoqlParser.Parse(soql);
        }
        catch (DomainException e)
        {
            // Only a cursor from another version of the query rules gets here.
            throw QueryCursor.Invalid($"its query no longer parses ({e.Message})");
        }

        return Page(query, records, position, size);
    }

    private static QueryResult Page(SoqlQuery query, IReadOnlyList<ChannelUsage> records, int position, int batchSize)
    {
        switch (query.Shape)
        {
            case QueryShape.CountOnly:
                var matching = records.Count(query.Filter);
                return new QueryResult(QueryShape.CountOnly, [], [], [], Window(query, matching), Done: true, NextCursor: null);
            case QueryShape.Aggregate:
                var groups = AggregateEvaluator.Run(query, records);
                var (rows, aggregateTotal, aggregateCursor) = Slice(query, groups, position, batchSize);
                return new QueryResult(QueryShape.Aggregate, ColumnNames(query), [], [.. rows.Select(g => g.ToRow(query))],
                    aggregateTotal, aggregateCursor is null, aggregateCursor);
            default:
                var sorted = Sort(query, records.Where(query.Filter));
                var (page, total, cursor) = Slice(query, sorted, position, batchSize);
                return new QueryResult(QueryShape.Records, ColumnNames(query), page, [], total, cursor is null, cursor);
        }
    }

    /// <summary>Applies OFFSET and LIMIT to the full result, then cuts the page at <paramref name="position"/>.</summary>
    private static (List<T> Page, int Total, string? Cursor) Slice<T>(SoqlQuery query, List<T> all, int position, int batchSize)
    {
        var total = Window(query, all.Count);
        var first = query.Offset ?? 0;
        var start = Math.Min(position, total);
        var count = Math.Min(batchSize, total - start);
        var page = count > 0 ? all.GetRange(first + start, count) : [];
        var reached = start + count;
        return (page, total, reached < total ? QueryCursor.Encode(query.Text, reached) : null);
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
