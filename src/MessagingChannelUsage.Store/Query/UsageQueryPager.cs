using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Query;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Store.Query;

/// <summary>
/// query() and queryMore() over the store, for every surface (gRPC Query and Salesforce REST).
/// The first page runs the query over every usage; when the result is longer than one page, the
/// whole result is saved as a snapshot and the answer carries a <see cref="QueryLocator"/>. queryMore
/// reads the next page from the snapshot, never re-running the query, so each row comes out
/// exactly once even while records change between pages, and any instance sharing the store can
/// serve it. A result of one page saves nothing.
/// </summary>
public sealed class UsageQueryPager(IUsageRepository usages, IQuerySnapshotStore snapshots, TimeSpan snapshotTimeToLive, QueryOptions? options = null)
{
    private readonly QueryOptions options = options ?? QueryOptions.Salesforce;

    /// <summary>How long a result stays readable after its last page was read (Store:QuerySnapshotTtl).</summary>
    public TimeSpan SnapshotTimeToLive => snapshotTimeToLive;

    /// <summary>The batch size a request gets (a negative one is INVALID_FIELD); call it before reading anything.</summary>
    public int BatchSize(int requested) => options.ResolveBatchSize(requested);

    /// <summary>The first page of <paramref name="query"/>; <paramref name="batchSize"/> 0 means the default.</summary>
    public Task<QueryResult> QueryAsync(SoqlQuery query, int batchSize, CancellationToken cancellationToken)
        => QueryAsync(query, batchSize, visible: null, cancellationToken);

    /// <summary>
    /// The first page of <paramref name="query"/> over the records <paramref name="visible"/>
    /// accepts (all when null): a caller limited to some channels queries only those.
    /// </summary>
    public async Task<QueryResult> QueryAsync(SoqlQuery query, int batchSize, Func<ChannelUsage, bool>? visible, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var size = BatchSize(batchSize);
        IReadOnlyList<ChannelUsage> records = await usages.ListAllAsync(cancellationToken);
        if (visible is not null)
        {
            records = records.Where(visible).ToList();
        }

        var rows = QueryEngine.Execute(query, records);
        if (rows.RowCount <= size)
        {
            return rows.Page(0, size, nextCursor: null);
        }

        var snapshotId = QueryLocator.NewSnapshotId();
        await snapshots.SaveAsync(snapshotId, rows, snapshotTimeToLive, cancellationToken);
        return rows.Page(0, size, QueryLocator.Format(snapshotId, size));
    }

    /// <summary>
    /// The page that <paramref name="locator"/> points at. A locator that does not parse, or whose
    /// snapshot expired, → INVALID_QUERY_LOCATOR.
    /// </summary>
    public async Task<QueryResult> QueryMoreAsync(string locator, int batchSize, CancellationToken cancellationToken)
    {
        var (snapshotId, position) = QueryLocator.Parse(locator);
        var size = BatchSize(batchSize);
        var page = await snapshots.ReadAsync(snapshotId, position, size, snapshotTimeToLive, cancellationToken)
            ?? throw QueryLocator.Expired(snapshotTimeToLive);
        var reached = position + page.RowCount;
        return page.Page(0, size, reached < page.TotalSize ? QueryLocator.Format(snapshotId, reached) : null);
    }
}
