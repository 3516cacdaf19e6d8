using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Query;

/// <summary>
/// One page of a query (the shape of the proto QueryResponse), cut from a <see cref="QueryRows"/>:
/// <list type="bullet">
/// <item><see cref="Fields"/>: the column names in SELECT order: Salesforce field names for
/// record queries, the aggregate row keys (field name, alias or exprN) for aggregate queries,
/// empty for COUNT();</item>
/// <item><see cref="Records"/>: the whole records of this page (the caller projects
/// <see cref="Fields"/>); empty for COUNT() and aggregate queries;</item>
/// <item><see cref="AggregateRows"/>: for aggregate queries, one map per group of this page, keys
/// in column order, values: picklist API names / ids as strings, counts as int, null for null;</item>
/// <item><see cref="TotalSize"/>: as Salesforce's totalSize, the number of rows the whole query
/// returns, after OFFSET and LIMIT (not the number matching before LIMIT), the same on every
/// page; for COUNT() it is the count;</item>
/// <item><see cref="Done"/> and <see cref="NextCursor"/>: the <see cref="QueryLocator"/> for queryMore while rows remain.</item>
/// </list>
/// </summary>
public sealed record QueryResult(
    QueryShape Shape,
    IReadOnlyList<string> Fields,
    IReadOnlyList<ChannelUsage> Records,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> AggregateRows,
    int TotalSize,
    bool Done,
    string? NextCursor);
