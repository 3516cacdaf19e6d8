using static MessagingChannelUsage.Routing.Tests.Query.QueryFixture;

namespace MessagingChannelUsage.Routing.Tests.Query;

/// <summary>ORDER BY (several keys, NULLS FIRST/LAST and Salesforce's defaults), LIMIT and OFFSET.</summary>
public class SoqlOrderingTests
{
    public static TheoryData<string, string> Orderings => new()
    {
        // Defaults: ASC puts nulls first, DESC puts them last; ties broken by Id.
        { "ORDER BY DisabledTime", "u1,u2,u3,u5,u6,u7,u8,u10,u4,u9" },
        { "ORDER BY DisabledTime ASC", "u1,u2,u3,u5,u6,u7,u8,u10,u4,u9" },
        { "ORDER BY DisabledTime DESC", "u9,u4,u1,u2,u3,u5,u6,u7,u8,u10" },
        { "ORDER BY DisabledTime ASC NULLS LAST", "u4,u9,u1,u2,u3,u5,u6,u7,u8,u10" },
        { "ORDER BY DisabledTime DESC NULLS FIRST", "u1,u2,u3,u5,u6,u7,u8,u10,u9,u4" },
        { "ORDER BY DisabledTime NULLS LAST", "u4,u9,u1,u2,u3,u5,u6,u7,u8,u10" },
        // Picklists sort in their definition order (as Salesforce), not alphabetically.
        { "ORDER BY DeploymentStatus", "u3,u6,u1,u2,u7,u5,u8,u10,u4,u9" },
        { "ORDER BY DeploymentType, CreatedDate DESC", "u10,u8,u6,u4,u1,u9,u3,u7,u5,u2" },
        { "ORDER BY ConsentType DESC NULLS FIRST, Id DESC", "u9,u7,u5,u4,u3,u6,u10,u2,u8,u1" },
        { "ORDER BY MessagingChannelId DESC, DeploymentType", "u10,u8,u9,u6,u7,u4,u5,u1,u3,u2" },
        { "ORDER BY CreatedDate DESC", "u10,u9,u8,u7,u6,u5,u4,u3,u2,u1" },
        // LIMIT and OFFSET apply after the sort; total_size counts what is returned.
        { "ORDER BY CreatedDate LIMIT 3", "u1,u2,u3" },
        { "ORDER BY CreatedDate LIMIT 3 OFFSET 2", "u3,u4,u5" },
        { "ORDER BY CreatedDate DESC OFFSET 8", "u2,u1" },
        { "ORDER BY CreatedDate OFFSET 20", "" },
        { "LIMIT 0", "" },
        { "LIMIT 100", "u1,u2,u3,u4,u5,u6,u7,u8,u9,u10" },
        { "WHERE DeploymentType = 'Conversation' ORDER BY CreatedDate DESC LIMIT 2 OFFSET 1", "u8,u6" },
    };

    [Theory]
    [MemberData(nameof(Orderings))]
    public void OrderLimitOffset_OverTheFixture_ReturnTheRowsInThatOrder(string tail, string expected)
    {
        var result = Run($"SELECT Id FROM MessagingChannelUsage {tail}");

        Assert.Equal(expected, Names(result.Records));
        Assert.Equal(result.Records.Count, result.TotalSize);
    }

    [Fact]
    public void OrderBy_DoesNotDependOnTheOrderRecordsAreHandedIn()
    {
        var shuffled = Usages.OrderBy(u => u.DeploymentStatus).ThenByDescending(u => u.Id, StringComparer.Ordinal).ToList();
        const string Soql = "SELECT Id FROM MessagingChannelUsage ORDER BY DeploymentType";

        Assert.Equal(Names(Run(Soql).Records), Names(Run(Soql, shuffled).Records));
    }
}
