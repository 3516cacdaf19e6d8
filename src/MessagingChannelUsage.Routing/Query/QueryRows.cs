using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Query;

/// <summary>
/// The whole result of a query (every row after OFFSET and LIMIT, in query order): what a query
/// snapshot keeps so that queryMore hands out each row exactly once, whatever is written between
/// pages (Salesforce's server-side query locator).
/// <list type="bullet">
/// <item><see cref="Fields"/>: the column names in SELECT order (field names for records, the
/// aggregate row keys: field name, alias or exprN, for aggregates; empty for COUNT());</item>
/// <item><see cref="Records"/>: whole records (the caller projects <see cref="Fields"/>);</item>
/// <item><see cref="AggregateRows"/>: one map per group, keys in column order, values picklist
/// API names / ids as strings, counts as int, null for null;</item>
/// <item><see cref="TotalSize"/>: Salesforce's totalSize: the number of rows (for COUNT() the count).</item>
/// </list>
/// </summary>
public sealed record QueryRows(
    QueryShape Shape,
    IReadOnlyList<string> Fields,
    IReadOnlyList<ChannelUsage> Records,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> AggregateRows,
    int TotalSize)
{
    /// <summary>How many rows there are to page through (0 for COUNT(), which has only the number).</summary>
    public int RowCount => Shape switch
    {
        QueryShape.Records => Records.Count,
        QueryShape.Aggregate => AggregateRows.Count,
        _ => 0,
    };

    /// <summary>
    /// Rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) as a page;
    /// <paramref name="nextCursor"/> is the locator of the page after it, null when this is the last.
    /// </summary>
    public QueryResult Page(int start, int count, string? nextCursor)
    {
        var from = Math.Clamp(start, 0, RowCount);
        var take = Math.Clamp(count, 0, RowCount - from);
        return new QueryResult(
            Shape,
            Fields,
            Shape == QueryShape.Records ? Slice(Records, from, take) : [],
            Shape == QueryShape.Aggregate ? Slice(AggregateRows, from, take) : [],
            TotalSize,
            nextCursor is null,
            nextCursor);
    }

    private static IReadOnlyList<T> Slice<T>(IReadOnlyList<T> all, int from, int count)
        => from == 0 && count == all.Count ? all : [.. all.Skip(from).Take(count)];
}
