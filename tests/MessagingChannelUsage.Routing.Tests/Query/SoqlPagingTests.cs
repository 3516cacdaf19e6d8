using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Query;
using static MessagingChannelUsage.Routing.Tests.Query.QueryFixture;

namespace MessagingChannelUsage.Routing.Tests.Query;

/// <summary>queryMore: batches, cursors, batch-size limits, and cursors that are not ours.</summary>
public class SoqlPagingTests
{
    private static readonly QueryOptions FinePaging = new() { MinBatchSize = 1 };

    [Fact]
    public void Paging_25RecordsInBatchesOf10_ReturnsEveryRecordOnceInOrder()
    {
        var records = Many(25);
        var pages = ReadAll("SELECT Id FROM MessagingChannelUsage", records, 10);

        Assert.Equal([10, 10, 5], pages.Select(p => p.Records.Count));
        Assert.Equal(Names(records), Names(pages.SelectMany(p => p.Records)));
        Assert.All(pages, p => Assert.Equal(25, p.TotalSize));
        Assert.Equal([false, false, true], pages.Select(p => p.Done));
        Assert.Null(pages[^1].NextCursor);
    }

    [Fact]
    public void Paging_WithOrderByAndLimit_StopsAtTheLimitInQueryOrder()
    {
        var records = Many(25);
        var pages = ReadAll("SELECT Id FROM MessagingChannelUsage ORDER BY CreatedDate DESC LIMIT 23 OFFSET 1", records, 10);

        Assert.Equal([10, 10, 3], pages.Select(p => p.Records.Count));
        var expected = records.OrderByDescending(r => r.CreatedDate).Skip(1).Take(23);
        Assert.Equal(Names(expected), Names(pages.SelectMany(p => p.Records)));
        Assert.All(pages, p => Assert.Equal(23, p.TotalSize));
    }

    [Fact]
    public void Paging_AggregateRows_ArePagedLikeRecords()
    {
        var pages = ReadAll("SELECT Id, COUNT(Id) FROM MessagingChannelUsage GROUP BY Id", Many(25), 10);

        Assert.Equal([10, 10, 5], pages.Select(p => p.AggregateRows.Count));
        Assert.Equal(Many(25).Select(r => r.Id), pages.SelectMany(p => p.AggregateRows).Select(r => (string)r["Id"]!));
    }

    [Fact]
    public void Cursor_IsStateless_AndWorksOnTheRecordsHandedInOnTheNextCall()
    {
        var records = Many(25);
        var first = QueryEngine.Execute(SoqlParser.Parse("SELECT Id FROM MessagingChannelUsage"), records, 10, FinePaging);

        var second = QueryEngine.ExecuteMore(first.NextCursor!, records.Reverse().ToList(), 10, FinePaging);

        Assert.Equal(Names(records.Skip(10).Take(10)), Names(second.Records));
    }

    [Fact]
    public void Cursor_WhenRowsVanishedSinceTheFirstPage_ReturnsAnEmptyDonePage()
    {
        var first = QueryEngine.Execute(SoqlParser.Parse("SELECT Id FROM MessagingChannelUsage"), Many(25), 10, FinePaging);

        var next = QueryEngine.ExecuteMore(first.NextCursor!, Many(5), 10, FinePaging);

        Assert.Empty(next.Records);
        Assert.True(next.Done);
        Assert.Equal(5, next.TotalSize);
    }

    public static TheoryData<int, int, int[]> SalesforceBatchSizes => new()
    {
        // Requested size → pages: 0 means the default 2000, sizes are clamped into [200, 2000].
        { 450, 10, [200, 200, 50] },
        { 450, 0, [450] },
        { 2500, 0, [2000, 500] },
        { 2500, 5000, [2000, 500] },
        { 450, 300, [300, 150] },
    };

    [Theory]
    [MemberData(nameof(SalesforceBatchSizes))]
    public void BatchSize_FollowsSalesforceLimits(int records, int requested, int[] expectedPages)
    {
        var pages = ReadAll("SELECT Id FROM MessagingChannelUsage", Many(records), requested, QueryOptions.Salesforce);

        Assert.Equal(expectedPages, pages.Select(p => p.Records.Count));
    }

    [Fact]
    public void BatchSize_Negative_IsInvalidField()
    {
        var error = Assert.Throws<DomainException>(() => Run("SELECT Id FROM MessagingChannelUsage", batchSize: -1));

        Assert.Equal(ErrorCodes.InvalidField, error.Code);
        Assert.Equal("batch_size", error.Errors[0].Field);
    }

    public static TheoryData<string> BadCursors()
    {
        var good = QueryEngine.Execute(SoqlParser.Parse("SELECT Id FROM MessagingChannelUsage"), Many(25), 10, FinePaging).NextCursor!;
        var flipped = good[..10] + (good[10] == 'A' ? 'B' : 'A') + good[11..];
        return
        [
            "",
            "!!!not base64!!!",
            "AAAA",
            flipped,
            good[..^2],
            good + "AA",
            Convert.ToBase64String(new byte[64]).Replace('+', '-').Replace('/', '_'),
            new string('A', 100_000),
        ];
    }

    [Theory]
    [MemberData(nameof(BadCursors))]
    public void Cursor_ThatIsGarbageOrTampered_IsInvalidQueryLocator(string cursor)
    {
        var error = Assert.Throws<DomainException>(() => QueryEngine.ExecuteMore(cursor, Many(25), 10, FinePaging));

        Assert.Equal(ErrorCodes.InvalidQueryLocator, error.Code);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("invalid query locator: ", error.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cursor_OfTheLongestQuery_FitsMaxCursorLength()
    {
        // The longest query, in characters that take three UTF-8 bytes each (inside a string literal).
        var head = "SELECT Id FROM MessagingChannelUsage WHERE DeploymentType != '";
        var soql = head + new string('€', SoqlParser.MaxLength - head.Length - 1) + "'";
        Assert.Equal(SoqlParser.MaxLength, soql.Length);

        var first = QueryEngine.Execute(SoqlParser.Parse(soql), Many(25), 10, FinePaging);

        // Only the ASCII head (about 60 bytes) keeps it below the bound.
        Assert.InRange(first.NextCursor!.Length, QueryEngine.MaxCursorLength - 200, QueryEngine.MaxCursorLength);
        Assert.Equal(10, QueryEngine.ExecuteMore(first.NextCursor, Many(25), 10, FinePaging).Records.Count);
    }

    private static List<QueryResult> ReadAll(string soql, IReadOnlyList<Model.ChannelUsage> records, int batchSize, QueryOptions? options = null)
    {
        options ??= FinePaging;
        var pages = new List<QueryResult> { QueryEngine.Execute(SoqlParser.Parse(soql), records, batchSize, options) };
        while (pages[^1].NextCursor is { } cursor)
        {
            Assert.False(pages[^1].Done);
            Assert.True(pages.Count < 100, "paging does not end");
            pages.Add(QueryEngine.ExecuteMore(cursor, records, batchSize, options));
        }

        return pages;
    }
}
