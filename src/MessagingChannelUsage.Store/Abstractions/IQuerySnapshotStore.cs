using MessagingChannelUsage.Routing.Query;

namespace MessagingChannelUsage.Store.Abstractions;

/// <summary>
/// Query results kept for queryMore (Salesforce's server-side query locators): a query's whole
/// result is saved once under a snapshot id and read back a page at a time, so each row comes out
/// exactly once whatever is written between pages. On Redis every gateway instance can continue
/// any instance's query. A snapshot lives <c>timeToLive</c> after it was saved or last read.
/// </summary>
public interface IQuerySnapshotStore
{
    /// <summary>Keeps <paramref name="rows"/> under <paramref name="snapshotId"/> (a new id; an existing one is replaced).</summary>
    Task SaveAsync(string snapshotId, QueryRows rows, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>
    /// Rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of the
    /// snapshot (fewer at its end), with the snapshot's shape, fields and TotalSize, and restarts its
    /// time to live; null when the snapshot is unknown or expired.
    /// </summary>
    Task<QueryRows?> ReadAsync(string snapshotId, int start, int count, TimeSpan timeToLive, CancellationToken cancellationToken);
}
