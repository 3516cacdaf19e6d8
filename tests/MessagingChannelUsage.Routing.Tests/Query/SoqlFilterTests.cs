using static MessagingChannelUsage.Routing.Tests.Query.QueryFixture;

namespace MessagingChannelUsage.Routing.Tests.Query;

/// <summary>WHERE over the ten fixture usages: every operator, nulls, IN, date-times, ids, precedence.</summary>
public class SoqlFilterTests
{
    private const string AllButNone = "u1,u2,u3,u4,u5,u6,u7,u8,u9,u10";

    public static TheoryData<string, string> Filters => new()
    {
        // = and != / <> on picklists: case-insensitive like SOQL; != also matches nulls.
        { "DeploymentType = 'MJ'", "u2,u5,u7" },
        { "DeploymentType = 'mj'", "u2,u5,u7" },
        { "DeploymentStatus != 'Active'", "u3,u4,u5,u6,u8,u9,u10" },
        { "DeploymentStatus <> 'Active'", "u3,u4,u5,u6,u8,u9,u10" },
        { "ConsentType != 'ImplicitOptIn'", "u2,u3,u4,u5,u6,u7,u9,u10" },
        // A value outside a restricted picklist is not an error: it matches nothing.
        { "ConsentType = 'Bogus'", "" },
        { "ConsentType != 'Bogus'", AllButNone },
        // null.
        { "ConsentType = null", "u3,u4,u5,u7,u9" },
        { "ConsentType != NULL", "u1,u2,u6,u8,u10" },
        { "DisabledTime = null", "u1,u2,u3,u5,u6,u7,u8,u10" },
        // IN / NOT IN, with null as a member; NOT IN is the negation of IN, so it keeps nulls.
        { "DeploymentType IN ('MJ', 'MessagingEngagement')", "u2,u3,u5,u7,u9" },
        { "DeploymentType NOT IN ('MJ', 'MessagingEngagement')", "u1,u4,u6,u8,u10" },
        { "RoutingOverride IN ('MJKeywordsOnly', null)", "u1,u2,u3,u4,u5,u6,u8,u9,u10" },
        { "RoutingOverride NOT IN ('MJKeywordsOnly', null)", "u7" },
        { "ErrorReason NOT IN ('InternalError')", "u1,u2,u3,u4,u5,u6,u7,u9,u10" },
        // Date-times: every comparison, by instant whatever the offset; nulls never compare.
        { "CreatedDate > 2026-01-05T00:00:00Z", "u6,u7,u8,u9,u10" },
        { "CreatedDate >= 2026-01-05T00:00:00Z", "u5,u6,u7,u8,u9,u10" },
        { "CreatedDate < 2026-01-03T00:00:00Z", "u1,u2" },
        { "CreatedDate <= 2026-01-03T00:00:00Z", "u1,u2,u3" },
        { "CreatedDate = 2026-01-02T00:00:00Z", "u2" },
        { "CreatedDate = 2026-01-02T00:00:00.000Z", "u2" },
        { "CreatedDate = 2026-01-02T02:00:00+02:00", "u2" },
        { "CreatedDate = 2026-01-01T19:00:00-05:00", "u2" },
        { "CreatedDate != 2026-01-02T00:00:00Z", "u1,u3,u4,u5,u6,u7,u8,u9,u10" },
        { "CreatedDate >= 2026-01-09", "u9,u10" },
        { "CreatedDate IN (2026-01-01T00:00:00Z, 2026-01-10T12:00:00Z)", "u1,u10" },
        { "DisabledTime > 2026-01-01T00:00:00Z", "u4,u9" },
        { "DisabledTime < 2026-12-31T00:00:00Z", "u4,u9" },
        { "LastModifiedDate > 2026-01-09T00:30:00Z", "u9,u10" },
        // Ids: 15 or 18 chars, suffix in any case; references the same.
        { "Id = '{u3}'", "u3" },
        { "Id = '{u3:15}'", "u3" },
        { "Id = '{u3:lower}'", "u3" },
        { "Id IN ('{u1}', '{u4:15}')", "u1,u4" },
        { "Id != '{u1}'", "u2,u3,u4,u5,u6,u7,u8,u9,u10" },
        { "Id > '{u8}'", "u9,u10" },
        { "Id <= '{u2:15}'", "u1,u2" },
        { "MessagingChannelId = '{ch2}'", "u4,u5" },
        { "MessagingChannelId = '0Mj000000000099'", "" },
        // Precedence NOT > AND > OR, and parentheses.
        { "DeploymentType = 'MJ' OR DeploymentType = 'Conversation' AND DeploymentStatus = 'Active'", "u1,u2,u5,u7" },
        { "(DeploymentType = 'MJ' OR DeploymentType = 'Conversation') AND DeploymentStatus = 'Active'", "u1,u2,u7" },
        { "DeploymentStatus = 'Active' AND ConsentType != null OR ErrorReason = 'ProvisioningError'", "u1,u2,u5" },
        { "DeploymentStatus = 'Active' AND (ConsentType != null OR ErrorReason = 'ProvisioningError')", "u1,u2" },
        { "NOT DeploymentType = 'MJ' AND DeploymentStatus = 'Active'", "u1" },
        { "NOT (DeploymentType = 'MJ' AND DeploymentStatus = 'Active')", "u1,u3,u4,u5,u6,u8,u9,u10" },
        { "NOT NOT DeploymentType = 'MJ'", "u2,u5,u7" },
        { "NOT DeploymentType IN ('MJ', 'Conversation')", "u3,u9" },
        { "((((DeploymentType = 'MJ'))))", "u2,u5,u7" },
        { "DeploymentType = 'MJ' AND DeploymentStatus = 'Active' AND RoutingOverride = 'NonSessionMessages'", "u7" },
        // Escapes inside strings are honoured (no such value, so no rows, and no error).
        { @"DeploymentType = 'M\'J'", "" },
        // Object-qualified field names.
        { "MessagingChannelUsage.DeploymentType = 'MJ'", "u2,u5,u7" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public void Where_OverTheFixture_ReturnsExactlyTheMatchingIdsInIdOrder(string where, string expected)
    {
        var result = Run($"SELECT Id, DeploymentType FROM MessagingChannelUsage WHERE {where}");

        Assert.Equal(expected, Names(result.Records));
        Assert.Equal(result.Records.Count, result.TotalSize);
        Assert.Equal(["Id", "DeploymentType"], result.Fields);
    }

    [Fact]
    public void Query_KeywordsAndFieldNamesInAnyCase_AreAccepted()
    {
        var result = Run("select ID, deploymenttype from MESSAGINGCHANNELUSAGE where DEPLOYMENTTYPE = 'mj' order by createddate desc nulls last limit 2");

        Assert.Equal("u7,u5", Names(result.Records));
        // Fields come back under their Salesforce names, whatever the query's spelling.
        Assert.Equal(["Id", "DeploymentType"], result.Fields);
    }

    [Fact]
    public void Query_WithoutWhere_ReturnsEveryRecordInIdOrder()
    {
        var reversed = Usages.Reverse().ToList();

        var result = Run("SELECT Id FROM MessagingChannelUsage", reversed);

        Assert.Equal(AllButNone, Names(result.Records));
        Assert.Equal(10, result.TotalSize);
    }
}
