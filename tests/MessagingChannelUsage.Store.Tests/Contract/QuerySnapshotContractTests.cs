using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Query;
using MessagingChannelUsage.Store.Query;
using MessagingChannelUsage.TestSupport;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Contract;

/// <summary>
/// Query snapshots (<see cref="Abstractions.IQuerySnapshotStore"/>) and the paging built on them
/// (<see cref="UsageQueryPager"/>): what every store promises. Subclasses run it against the
/// in-memory store, a standalone Redis and a Redis Cluster.
/// </summary>
public abstract class QuerySnapshotContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly QueryOptions FinePaging = new() { MinBatchSize = 1 };

    protected abstract StoreUnderTest Store { get; }

    // ---- the snapshot store ----

    [Fact]
    public async Task Snapshot_OfRecords_IsReadBackPageByPageWithItsShapeFieldsAndTotal()
    {
        var records = Enumerable.Range(0, 7).Select(i => Usage(Channel().Id, DeploymentType.MJ) with
        {
            DisabledTime = i % 2 == 0 ? null : T0.AddMinutes(i).AddTicks(1234),
            ErrorReason = i == 3 ? ErrorReason.InvalidSelection : null,
        }).ToList();
        var rows = new QueryRows(QueryShape.Records, ["Id", "DisabledTime"], records, [], 7);
        var id = QueryLocator.NewSnapshotId();
        await Store.QuerySnapshots.SaveAsync(id, rows, Hour, None).WithTimeout();

        var first = await Store.QuerySnapshots.ReadAsync(id, 0, 3, Hour, None).WithTimeout();
        var last = await Store.QuerySnapshots.ReadAsync(id, 6, 3, Hour, None).WithTimeout();

        Assert.NotNull(first);
        Assert.NotNull(last);
        Assert.Equal(records.Take(3), first.Records);
        Assert.Equal(records.Skip(6), last.Records);
        Assert.All(new[] { first, last }, page =>
        {
            Assert.Equal(QueryShape.Records, page.Shape);
            Assert.Equal(["Id", "DisabledTime"], page.Fields);
            Assert.Equal(7, page.TotalSize);
            Assert.Empty(page.AggregateRows);
        });
    }

    [Fact]
    public async Task Snapshot_OfAggregateRows_KeepsStringsCountsAndNulls()
    {
        IReadOnlyDictionary<string, object?> Row(string? type, int count) => new Dictionary<string, object?> { ["DeploymentType"] = type, ["expr0"] = count };
        var rows = new QueryRows(QueryShape.Aggregate, ["DeploymentType", "expr0"], [], [Row("MJ", 3), Row(null, 0), Row("Conversation", 12)], 3);
        var id = QueryLocator.NewSnapshotId();
        await Store.QuerySnapshots.SaveAsync(id, rows, Hour, None).WithTimeout();

        var page = await Store.QuerySnapshots.ReadAsync(id, 1, 5, Hour, None).WithTimeout();

        Assert.NotNull(page);
        Assert.Equal(QueryShape.Aggregate, page.Shape);
        Assert.Equal(3, page.TotalSize);
        Assert.Equal(2, page.AggregateRows.Count);
        Assert.Null(page.AggregateRows[0]["DeploymentType"]);
        Assert.Equal(0, page.AggregateRows[0]["expr0"]);
        Assert.Equal("Conversation", page.AggregateRows[1]["DeploymentType"]);
        Assert.Equal(12, page.AggregateRows[1]["expr0"]);
        Assert.Equal(["DeploymentType", "expr0"], page.AggregateRows[1].Keys);
    }

    [Fact]
    public async Task Snapshot_UnknownId_ReadsAsNull()
    {
        Assert.Null(await Store.QuerySnapshots.ReadAsync(QueryLocator.NewSnapshotId(), 0, 10, Hour, None).WithTimeout());
    }

    [Fact]
    public async Task Snapshot_PastItsTimeToLive_ReadsAsNull()
    {
        var id = QueryLocator.NewSnapshotId();
        await Store.QuerySnapshots.SaveAsync(id, Ids(3), TimeSpan.FromMilliseconds(200), None).WithTimeout();

        var gone = await Eventually(async () => await Store.QuerySnapshots.ReadAsync(id, 0, 1, TimeSpan.FromMilliseconds(200), None) is null);

        Assert.True(gone, "the snapshot outlived its time to live");
    }

    [Fact]
    public async Task Snapshot_ReadAgain_LivesItsTimeToLiveFromTheRead()
    {
        var id = QueryLocator.NewSnapshotId();
        await Store.QuerySnapshots.SaveAsync(id, Ids(3), TimeSpan.FromSeconds(2), None).WithTimeout();
        Assert.NotNull(await Store.QuerySnapshots.ReadAsync(id, 0, 1, Hour, None).WithTimeout());

        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.NotNull(await Store.QuerySnapshots.ReadAsync(id, 1, 1, Hour, None).WithTimeout());
    }

    // ---- query() and queryMore() over the store ----

    [Fact]
    public async Task QueryMore_WhileARecordMovesBetweenPages_ReturnsEachRowExactlyOnce()
    {
        var usages = await InsertUsagesAsync(12);
        var pager = Pager();
        var soql = SoqlParser.Parse("SELECT Id, DeploymentStatus FROM MessagingChannelUsage ORDER BY SystemModstamp DESC, Id");
        var first = await pager.QueryAsync(soql, 4, None).WithTimeout();

        // Every row has one SystemModstamp; the last one is written, which moves it to the top: a
        // re-run query would now put it on page one (already read) and shift every later row by
        // one, so the last row of page one would come again and the written row never.
        var last = usages.OrderBy(u => u.Id, StringComparer.OrdinalIgnoreCase).Last();
        await Store.Usages.ReplaceAsync(last with { DeploymentStatus = DeploymentStatus.Error, ErrorReason = ErrorReason.InternalError, SystemModstamp = T0.AddSeconds(1) }, last.SystemModstamp, None).WithTimeout();
        var pages = new List<QueryResult> { first };
        while (pages[^1].NextCursor is { } locator)
        {
            Assert.True(pages.Count < 10, "paging does not end");
            pages.Add(await pager.QueryMoreAsync(locator, 4, None).WithTimeout());
        }

        var ids = pages.SelectMany(p => p.Records).Select(r => r.Id).ToList();
        Assert.Equal(usages.Select(u => u.Id).Order(StringComparer.OrdinalIgnoreCase), ids);
        Assert.Equal([4, 4, 4], pages.Select(p => p.Records.Count));
        Assert.Equal([false, false, true], pages.Select(p => p.Done));
        Assert.All(pages, p => Assert.Equal(12, p.TotalSize));
        Assert.All(pages.SelectMany(p => p.Records), r => Assert.Equal(DeploymentStatus.Active, r.DeploymentStatus));
    }

    [Fact]
    public async Task Query_OfOnePage_IsDoneWithoutALocator()
    {
        await InsertUsagesAsync(3);

        var page = await Pager().QueryAsync(SoqlParser.Parse("SELECT Id FROM MessagingChannelUsage"), 3, None).WithTimeout();

        Assert.True(page.Done);
        Assert.Null(page.NextCursor);
        Assert.Equal(3, page.Records.Count);
    }

    [Fact]
    public async Task QueryMore_WithAnotherBatchSize_ContinuesWhereTheLocatorPoints()
    {
        var usages = await InsertUsagesAsync(9);
        var pager = Pager();
        var first = await pager.QueryAsync(SoqlParser.Parse("SELECT Id FROM MessagingChannelUsage ORDER BY Id"), 2, None).WithTimeout();

        var rest = await pager.QueryMoreAsync(first.NextCursor!, 100, None).WithTimeout();

        Assert.EndsWith("-2", first.NextCursor, StringComparison.Ordinal);
        Assert.Equal(usages.Select(u => u.Id).Order(StringComparer.OrdinalIgnoreCase).Skip(2), rest.Records.Select(r => r.Id));
        Assert.True(rest.Done);
        Assert.Null(rest.NextCursor);
    }

    [Fact]
    public async Task QueryMore_OfAnUnknownSnapshot_IsInvalidQueryLocator()
    {
        var locator = QueryLocator.Format(QueryLocator.NewSnapshotId(), 200);

        var error = await Assert.ThrowsAsync<DomainException>(() => Pager().QueryMoreAsync(locator, 0, None)).WithTimeout();

        Assert.Equal(ErrorCodes.InvalidQueryLocator, error.Code);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    protected UsageQueryPager Pager() => new(Store.Usages, Store.QuerySnapshots, Hour, FinePaging);

    /// <summary>Inserts <paramref name="count"/> Active usages over count/3 channels (three types each).</summary>
    protected async Task<List<ChannelUsage>> InsertUsagesAsync(int count)
    {
        var usages = new List<ChannelUsage>();
        for (var i = 0; i < count; i += 3)
        {
            var channel = Channel();
            await Store.Channels.InsertAsync(channel, None).WithTimeout();
            foreach (var type in new[] { DeploymentType.Conversation, DeploymentType.MessagingEngagement, DeploymentType.MJ }.Take(count - i))
            {
                var usage = Usage(channel.Id, type);
                await Store.Usages.InsertAsync(usage, None).WithTimeout();
                usages.Add(usage);
            }
        }

        return usages;
    }

    private static QueryRows Ids(int count)
    {
        var channel = Channel().Id;
        return new QueryRows(QueryShape.Records, ["Id"], [.. Enumerable.Range(0, count).Select(_ => Usage(channel, DeploymentType.MJ))], [], count);
    }

    /// <summary>
    /// Polls (up to 10 s, a second apart: each read restarts a snapshot's time to live) until the
    /// condition holds; the waiting is not what is tested.
    /// </summary>
    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 10; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (await condition())
            {
                return true;
            }
        }

        return false;
    }
}
