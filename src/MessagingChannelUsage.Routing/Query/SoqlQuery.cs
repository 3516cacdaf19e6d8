using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Query;

/// <summary>What a query returns.</summary>
public enum QueryShape
{
    /// <summary>SELECT fields: records.</summary>
    Records,
    /// <summary>SELECT COUNT() alone: only the number, as total_size (Salesforce), no rows.</summary>
    CountOnly,
    /// <summary>COUNT(field) and/or GROUP BY: one aggregate row per group.</summary>
    Aggregate,
}

/// <summary>
/// One output column. For records: a field (<see cref="Count"/> false). For aggregate rows: a
/// grouped field or a COUNT, under <see cref="Name"/> (the alias, else the field name for grouped
/// fields, else expr0, expr1, ... numbered over unaliased aggregates, as Salesforce does).
/// </summary>
public sealed record QueryColumn(string Name, UsageField? Field, bool Count);

/// <summary>
/// One sort key: a field, or (aggregate queries) the COUNT of <see cref="Field"/> per group
/// (<see cref="Count"/> true; a null field then means COUNT()). Nulls placement is resolved.
/// </summary>
public sealed record SortKey(UsageField? Field, bool Count, bool Descending, bool NullsFirst);

/// <summary>
/// A parsed query checked against <see cref="UsageFields"/>: ready to run any number of times
/// (immutable, thread-safe). Build it with <see cref="SoqlParser.Parse"/>.
/// </summary>
public sealed class SoqlQuery
{
    internal SoqlQuery(
        string text,
        SoqlSyntax syntax,
        QueryShape shape,
        ImmutableArray<QueryColumn> columns,
        Func<ChannelUsage, bool> filter,
        ImmutableArray<UsageField> groupBy,
        ImmutableArray<SortKey> orderBy)
    {
        Text = text;
        Syntax = syntax;
        Shape = shape;
        Columns = columns;
        Filter = filter;
        GroupBy = groupBy;
        OrderBy = orderBy;
    }

    /// <summary>The query text as given (the cursor of queryMore carries it).</summary>
    public string Text { get; }

    /// <summary>The tree as written, positions included.</summary>
    public SoqlSyntax Syntax { get; }

    public QueryShape Shape { get; }

    /// <summary>The output columns in SELECT order (empty for COUNT()).</summary>
    public ImmutableArray<QueryColumn> Columns { get; }

    /// <summary>The compiled WHERE clause (always true without one).</summary>
    public Func<ChannelUsage, bool> Filter { get; }

    public ImmutableArray<UsageField> GroupBy { get; }

    /// <summary>The ORDER BY keys as written; the engine adds its own tie-breakers after them.</summary>
    public ImmutableArray<SortKey> OrderBy { get; }

    public int? Limit => Syntax.Limit;

    public int? Offset => Syntax.Offset;
}
