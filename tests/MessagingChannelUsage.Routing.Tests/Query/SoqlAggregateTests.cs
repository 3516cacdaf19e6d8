using MessagingChannelUsage.Routing.Query;
using static MessagingChannelUsage.Routing.Tests.Query.QueryFixture;

namespace MessagingChannelUsage.Routing.Tests.Query;

/// <summary>COUNT(), COUNT(field), GROUP BY, aliases and exprN names, ORDER BY in aggregate queries.</summary>
public class SoqlAggregateTests
{
    public static TheoryData<string, int> Counts => new()
    {
        { "SELECT COUNT() FROM MessagingChannelUsage", 10 },
        { "SELECT count() FROM MessagingChannelUsage WHERE DeploymentType = 'MJ'", 3 },
        { "SELECT COUNT() FROM MessagingChannelUsage WHERE ConsentType = null", 5 },
        { "SELECT COUNT() FROM MessagingChannelUsage LIMIT 4", 4 },
        { "SELECT COUNT() FROM MessagingChannelUsage OFFSET 7", 3 },
        { "SELECT COUNT() FROM MessagingChannelUsage WHERE DeploymentType = 'Nope'", 0 },
    };

    [Theory]
    [MemberData(nameof(Counts))]
    public void CountOnly_ReturnsTheCountAsTotalSizeAndNoRows(string soql, int expected)
    {
        var result = Run(soql);

        Assert.Equal(QueryShape.CountOnly, result.Shape);
        Assert.Equal(expected, result.TotalSize);
        Assert.Empty(result.Records);
        Assert.Empty(result.AggregateRows);
        Assert.Empty(result.Fields);
        Assert.Equal(0, result.RowCount);
    }

    public static TheoryData<string, string> Aggregates => new()
    {
        // COUNT(field) counts non-null values; without GROUP BY there is exactly one row.
        { "SELECT COUNT(ConsentType) FROM MessagingChannelUsage", "expr0=5" },
        { "SELECT COUNT(Id) n FROM MessagingChannelUsage WHERE DeploymentType = 'Nope'", "n=0" },
        { "SELECT COUNT(Id), COUNT(DisabledTime), COUNT(ErrorReason) errors FROM MessagingChannelUsage", "expr0=10 expr1=2 errors=2" },
        // GROUP BY: one row per group, ordered by the grouped values (picklist order, nulls first).
        {
            "SELECT DeploymentType, COUNT(Id) FROM MessagingChannelUsage GROUP BY DeploymentType",
            "DeploymentType=Conversation expr0=5 | DeploymentType=MessagingEngagement expr0=2 | DeploymentType=MJ expr0=3"
        },
        {
            "SELECT DeploymentType FROM MessagingChannelUsage GROUP BY DeploymentType",
            "DeploymentType=Conversation | DeploymentType=MessagingEngagement | DeploymentType=MJ"
        },
        {
            "SELECT ConsentType c, COUNT(Id) total, COUNT(ErrorReason) FROM MessagingChannelUsage GROUP BY ConsentType ORDER BY COUNT(Id) DESC, ConsentType",
            "c=null total=5 expr0=1 | c=ImplicitOptIn total=2 expr0=1 | c=ExplicitOptIn total=2 expr0=0 | c=DoubleOptIn total=1 expr0=0"
        },
        {
            "SELECT COUNT(Id), DeploymentStatus FROM MessagingChannelUsage WHERE DeploymentType = 'Conversation' GROUP BY DeploymentStatus ORDER BY DeploymentStatus DESC",
            "expr0=1 DeploymentStatus=Disabled | expr0=1 DeploymentStatus=Deprovisioning | expr0=1 DeploymentStatus=Error | expr0=1 DeploymentStatus=Active | expr0=1 DeploymentStatus=Provisioning"
        },
        {
            "SELECT MessagingChannelId, DeploymentStatus, COUNT(Id) FROM MessagingChannelUsage WHERE DeploymentStatus = 'Active' GROUP BY MessagingChannelId, DeploymentStatus",
            "MessagingChannelId={ch1} DeploymentStatus=Active expr0=2 | MessagingChannelId={ch3} DeploymentStatus=Active expr0=1"
        },
        {
            "SELECT RoutingOverride, COUNT(Id) FROM MessagingChannelUsage GROUP BY RoutingOverride ORDER BY RoutingOverride NULLS LAST LIMIT 2",
            "RoutingOverride=MJKeywordsOnly expr0=1 | RoutingOverride=NonSessionMessages expr0=1"
        },
        {
            "SELECT ErrorReason, COUNT(Id) FROM MessagingChannelUsage GROUP BY ErrorReason ORDER BY COUNT(Id) OFFSET 1",
            "ErrorReason=ProvisioningError expr0=1 | ErrorReason=null expr0=8"
        },
    };

    [Theory]
    [MemberData(nameof(Aggregates))]
    public void AggregateQuery_ReturnsOneRowPerGroupUnderItsColumnNames(string soql, string expected)
    {
        var result = Run(soql);

        Assert.Equal(QueryShape.Aggregate, result.Shape);
        Assert.Empty(result.Records);
        Assert.Equal(WithIds(expected), string.Join(" | ", result.AggregateRows.Select(Render)));
        Assert.Equal(result.AggregateRows.Count, result.TotalSize);
        // Every row has the columns in SELECT order, and Fields names them.
        Assert.All(result.AggregateRows, row => Assert.Equal(result.Fields, row.Keys));
    }

    [Fact]
    public void CountOfAField_IsAnIntAndGroupedPicklistsAreApiNames()
    {
        var row = Assert.Single(Run("SELECT DeploymentType t, COUNT(Id) n FROM MessagingChannelUsage WHERE DeploymentType = 'mj' GROUP BY DeploymentType").AggregateRows);

        Assert.Equal("MJ", Assert.IsType<string>(row["t"]));
        Assert.Equal(3, Assert.IsType<int>(row["n"]));
    }

    private static string Render(IReadOnlyDictionary<string, object?> row)
        => string.Join(" ", row.Select(p => $"{p.Key}={p.Value ?? "null"}"));
}
