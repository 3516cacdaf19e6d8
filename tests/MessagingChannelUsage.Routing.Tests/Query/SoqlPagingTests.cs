using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Query;
using static MessagingChannelUsage.Routing.Tests.Query.QueryFixture;

namespace MessagingChannelUsage.Routing.Tests.Query;

/// <summary>
/// Pages cut from a whole result, batch-size limits and query locators (the snapshot that keeps
/// the result between pages is the store's: UsageQueryPagerTests in the store tests).
/// </summary>
public class SoqlPagingTests
{
    [Fact]
    public void Pages_Of10From25Records_ReturnEveryRecordOnceInOrder()
    {
        var records = Many(25);
        var rows = QueryEngine.Execute(SoqlParser.Parse("SELECT Id FROM MessagingChannelUsage"), records);

        var pages = new[] { rows.Page(0, 10, "next"), rows.Page(10, 10, "next"), rows.Page(20, 10, null) };

        Assert.Equal([10, 10, 5], pages.Select(p => p.Records.Count));
        Assert.Equal(Names(records), Names(pages.SelectMany(p => p.Records)));
        Assert.All(pages, p => Assert.Equal(25, p.TotalSize));
        Assert.Equal([false, false, true], pages.Select(p => p.Done));
    }

    [Fact]
    public void Result_WithOrderByLimitAndOffset_HoldsTheWindowInQueryOrder()
    {
        var records = Many(25);

        var rows = Run("SELECT Id FROM MessagingChannelUsage ORDER BY CreatedDate DESC LIMIT 23 OFFSET 1", records);

        Assert.Equal(Names(records.OrderByDescending(r => r.CreatedDate).Skip(1).Take(23)), Names(rows.Records));
        Assert.Equal(23, rows.TotalSize);
        Assert.Equal(23, rows.RowCount);
    }

    [Fact]
    public void Pages_OfAggregateRows_AreCutLikeRecords()
    {
        var rows = Run("SELECT Id, COUNT(Id) FROM MessagingChannelUsage GROUP BY Id", Many(25));

        var pages = new[] { rows.Page(0, 10, "next"), rows.Page(10, 10, "next"), rows.Page(20, 10, null) };

        Assert.Equal([10, 10, 5], pages.Select(p => p.AggregateRows.Count));
        Assert.Equal(Many(25).Select(r => r.Id), pages.SelectMany(p => p.AggregateRows).Select(r => (string)r["Id"]!));
    }

    [Fact]
    public void Page_PastTheEnd_IsEmpty()
    {
        var rows = Run("SELECT Id FROM MessagingChannelUsage", Many(5));

        var page = rows.Page(7, 10, null);

        Assert.Empty(page.Records);
        Assert.True(page.Done);
        Assert.Equal(5, page.TotalSize);
    }

    public static TheoryData<int, int> SalesforceBatchSizes => new()
    {
        // Requested size → size used: 0 means the default 2000, sizes are clamped into [200, 2000].
        { 0, 2000 },
        { 10, 200 },
        { 300, 300 },
        { 2000, 2000 },
        { 5000, 2000 },
    };

    [Theory]
    [MemberData(nameof(SalesforceBatchSizes))]
    public void BatchSize_FollowsSalesforceLimits(int requested, int used)
    {
        Assert.Equal(used, QueryOptions.Salesforce.ResolveBatchSize(requested));
    }

    [Fact]
    public void BatchSize_Negative_IsInvalidField()
    {
        var error = Assert.Throws<DomainException>(() => QueryOptions.Salesforce.ResolveBatchSize(-1));

        Assert.Equal(ErrorCodes.InvalidField, error.Code);
        Assert.Equal("batch_size", error.Errors[0].Field);
    }

    [Fact]
    public void Locator_HasSalesforcesFormAndParsesBack()
    {
        var snapshotId = QueryLocator.NewSnapshotId();

        var locator = QueryLocator.Format(snapshotId, 2000);

        Assert.Matches("^01g[0-9A-Za-z]{15}-2000$", locator);
        Assert.Equal((snapshotId, 2000), QueryLocator.Parse(locator));
        Assert.Equal((snapshotId, 2000), QueryLocator.Parse(snapshotId[..15] + "-2000"));
    }

    public static TheoryData<string> BadLocators()
    {
        var id = QueryLocator.NewSnapshotId();
        return
        [
            "",
            "-",
            id,
            id + "-",
            id + "-0",
            id + "--1",
            id + "-+5",
            id + "-12a",
            id + "-99999999999",
            id + "- 10",
            "0Mu000000000001AAA-10",
            id[..14] + "-10",
            id[..15] + "XYZ-10",
            "AAAA",
            new string('A', 100_000),
        ];
    }

    [Theory]
    [MemberData(nameof(BadLocators))]
    public void Locator_ThatIsGarbageOrAnotherId_IsInvalidQueryLocator(string locator)
    {
        var error = Assert.Throws<DomainException>(() => QueryLocator.Parse(locator));

        Assert.Equal(ErrorCodes.InvalidQueryLocator, error.Code);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("invalid query locator: ", error.Errors[0].Message, StringComparison.Ordinal);
    }
}
