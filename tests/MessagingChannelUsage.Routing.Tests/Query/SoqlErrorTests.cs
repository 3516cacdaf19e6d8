using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Query;
using static MessagingChannelUsage.Routing.Tests.Query.QueryFixture;

namespace MessagingChannelUsage.Routing.Tests.Query;

/// <summary>Every rejected query: the code, the field, and for syntax errors the position.</summary>
public class SoqlErrorTests
{
    private const string From = "SELECT Id FROM MessagingChannelUsage";

    /// <summary>
    /// (query, the text the error must point at — its first occurrence gives the expected 1-based
    /// position, "" means the end of the query —, a fragment of the message).
    /// </summary>
    public static TheoryData<string, string, string> Malformed => new()
    {
        { "SELECT Id MessagingChannelUsage", "MessagingChannelUsage", "expected FROM" },
        { "SELECT Id, DeploymentType FORM MessagingChannelUsage", "FORM", "unexpected token 'FORM'" },
        { "SELECT FROM MessagingChannelUsage", "FROM", "expected a field name or COUNT()" },
        { "SELECT Id FROM", "", "unexpected end of query" },
        { "SELECT Id, FROM MessagingChannelUsage", "FROM", "expected a field name" },
        { "DELETE FROM MessagingChannelUsage", "DELETE", "expected SELECT" },
        { $"{From} WHERE DeploymentType = 'MJ", "'MJ", "unterminated string literal" },
        { $@"{From} WHERE DeploymentType = 'M\qJ'", @"\q", "invalid escape sequence" },
        { $"{From} WHERE CreatedDate > 2026-13-01T00:00:00Z", "2026-13", "invalid date-time literal '2026-13-01T00:00:00Z'" },
        { $"{From} WHERE CreatedDate > 2026-01-01T25:00:00Z", "2026-01", "invalid date-time literal" },
        { $"{From} WHERE CreatedDate > 2026-01-01T00:00:00", "2026-01", "invalid date-time literal" },
        { $"{From} WHERE CreatedDate > 2026-01-01 00:00:00Z", "00:00", "unexpected token '00'" },
        { $"{From} WHERE Id = 12abc", "12abc", "invalid number" },
        { "SELECT Id FORM MessagingChannelUsage WHERE #", "FORM", "expected FROM" },
        { $"{From} LIMIT 5 junk", "junk", "expected OFFSET, end of query" },
        { $"{From} WHERE DeploymentType = 'MJ' 'x'", "'x'", "expected AND, OR, GROUP BY, ORDER BY, LIMIT, OFFSET, end of query" },
        { $"{From};", ";", "unexpected character ';'" },
        { $"{From} ORDER BY CreatedDate Foo", "Foo", "expected ',', LIMIT, OFFSET, end of query" },
        { "SELECT COUNT(Id) FROM MessagingChannelUsage GROUP BY DeploymentType DeploymentStatus", "DeploymentStatus", "expected ',', ORDER BY, LIMIT" },
        { $"{From} LIMIT -1", "-1", "LIMIT must be a non-negative integer" },
        { $"{From} LIMIT abc", "abc", "expected a non-negative integer after LIMIT" },
        { $"{From} LIMIT", "", "expected a non-negative integer after LIMIT" },
        { $"{From} OFFSET 1.5", "1.5", "OFFSET must be a non-negative integer" },
        { $"{From} LIMIT 99999999999", "99999999999", "larger than" },
        { $"{From} WHERE (DeploymentType = 'MJ'", "", "expected ')', AND or OR" },
        { $"{From} WHERE DeploymentType = 'MJ')", ")", "unexpected token ')'" },
        { $"{From} WHERE DeploymentType LIKE 'M%'", "LIKE", "expected a comparison operator" },
        { $"{From} WHERE DeploymentType IN ()", ")", "expected a value" },
        { $"{From} WHERE DeploymentType IN ('MJ' 'x')", "'x'", "expected ',' or ')'" },
        { $"{From} WHERE DeploymentType =", "", "expected a value" },
        { $"{From} WHERE DeploymentType = Active", "Active", "expected a value" },
        { $"{From} WHERE AND DeploymentType = 'MJ'", "AND", "expected a field name, NOT or '('" },
        { $"{From} ORDER BY", "", "expected a field name" },
        { $"{From} ORDER BY CreatedDate NULLS", "", "expected FIRST or LAST" },
        { $"{From} GROUP DeploymentType", "DeploymentType", "expected BY" },
        { $"{From} WHERE CreatedDate # 2026-01-01T00:00:00Z", "#", "unexpected character '#'" },
        // Semantic, still MALFORMED_QUERY (as Salesforce), pointing at the item.
        { "SELECT COUNT(), Id FROM MessagingChannelUsage", "COUNT", "COUNT() must be the only item" },
        { "SELECT COUNT() FROM MessagingChannelUsage GROUP BY DeploymentType", "COUNT", "COUNT() must be the only item" },
        { "SELECT DeploymentStatus, COUNT(Id) FROM MessagingChannelUsage GROUP BY DeploymentType", "DeploymentStatus", "must be grouped or aggregated" },
        { "SELECT DeploymentType, COUNT(Id) FROM MessagingChannelUsage", "DeploymentType", "must be grouped or aggregated" },
        { "SELECT DeploymentType FROM MessagingChannelUsage GROUP BY DeploymentType ORDER BY CreatedDate", "CreatedDate", "must be grouped or aggregated" },
        { "SELECT Id x FROM MessagingChannelUsage", "Id", "only allowed in aggregate queries" },
        { "SELECT Id, ID FROM MessagingChannelUsage", "ID", "duplicate field selected: Id" },
        { "SELECT COUNT(Id) n, COUNT(ErrorReason) n FROM MessagingChannelUsage", "COUNT(ErrorReason)", "duplicate column name 'n'" },
        { $"{From} ORDER BY COUNT(Id)", "COUNT", "needs an aggregate query" },
        { $"{From} WHERE CreatedDate < null", "null", "null can only be compared with = or !=" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedQuery_IsMalformedQueryWithThePosition(string soql, string at, string fragment)
    {
        var error = ParseFails(soql);

        Assert.Equal(ErrorCodes.MalformedQuery, error.Code);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Null(error.Errors[0].Field);
        var position = at.Length == 0 ? soql.Length + 1 : soql.IndexOf(at, StringComparison.Ordinal) + 1;
        Assert.Contains($"at position {position}", error.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains(fragment, error.Errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t")]
    public void EmptyQuery_IsMalformedAtPositionOne(string soql)
    {
        var error = ParseFails(soql);

        Assert.Equal(ErrorCodes.MalformedQuery, error.Code);
        Assert.Contains("at position 1", error.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MultiLineQuery_ErrorAlsoGivesLineAndColumn()
    {
        var error = ParseFails("SELECT Id\nFROM MessagingChannelUsage\nWHERE DeploymentType == 'MJ'");

        Assert.Contains("at position 60 (line 3, column 23)", error.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeeplyNestedConditions_AreMalformedNotAStackOverflow()
    {
        var error = ParseFails($"{From} WHERE {new string('(', 5_000)}Id = null{new string(')', 5_000)}");

        Assert.Equal(ErrorCodes.MalformedQuery, error.Code);
        Assert.Contains("nested more than 64 levels", error.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void QueryLongerThanTheLimit_IsResourceExhausted()
    {
        var soql = $"{From} WHERE {string.Join(" OR ", Enumerable.Repeat("DeploymentType = 'MJ'", 1000))}";
        Assert.True(soql.Length > SoqlParser.MaxLength);

        var error = ParseFails(soql);

        Assert.Equal(ErrorKind.ResourceExhausted, error.Kind);
        Assert.Equal(ErrorCodes.MalformedQuery, error.Code);
    }

    [Fact]
    public void QueryJustUnderTheLimit_IsAccepted()
    {
        var soql = $"{From} WHERE {string.Join(" OR ", Enumerable.Repeat("DeploymentType = 'MJ'", 790))}";
        Assert.InRange(soql.Length, SoqlParser.MaxLength - 500, SoqlParser.MaxLength);

        Assert.Equal("u2,u5,u7", Names(Run(soql).Records));
    }

    /// <summary>(query, the field the error names).</summary>
    public static TheoryData<string, string> InvalidFields => new()
    {
        { "SELECT Foo FROM MessagingChannelUsage", "Foo" },
        { "SELECT Id, Name FROM MessagingChannelUsage", "Name" },
        { "SELECT COUNT(Bogus) FROM MessagingChannelUsage", "Bogus" },
        { "SELECT deployment_status FROM MessagingChannelUsage", "deployment_status" },
        { "SELECT MessagingChannel.DeveloperName FROM MessagingChannelUsage", "MessagingChannel.DeveloperName" },
        { $"{From} WHERE Bogus = 'x'", "Bogus" },
        { $"{From} ORDER BY Nope", "Nope" },
        // GROUP BY on the fields the table marks not groupable.
        { "SELECT DisabledTime FROM MessagingChannelUsage GROUP BY DisabledTime", "DisabledTime" },
        { "SELECT COUNT(Id) FROM MessagingChannelUsage GROUP BY CreatedDate", "CreatedDate" },
        { "SELECT COUNT(Id) FROM MessagingChannelUsage GROUP BY LastModifiedDate", "LastModifiedDate" },
        { "SELECT COUNT(Id) FROM MessagingChannelUsage GROUP BY DeploymentType, SystemModstamp", "SystemModstamp" },
        // Values of the wrong type for the field.
        { $"{From} WHERE CreatedDate = '2026-01-01T00:00:00Z'", "CreatedDate" },
        { $"{From} WHERE CreatedDate IN (2026-01-01T00:00:00Z, 'x')", "CreatedDate" },
        { $"{From} WHERE DeploymentType = TRUE", "DeploymentType" },
        { $"{From} WHERE DeploymentType = 5", "DeploymentType" },
        { $"{From} WHERE DeploymentType = 2026-01-01T00:00:00Z", "DeploymentType" },
        { $"{From} WHERE Id = 'garbage'", "Id" },
        { $"{From} WHERE MessagingChannelId = '0Mj000000000001XYZ'", "MessagingChannelId" },
        // Ordering comparisons on picklists are outside the subset.
        { $"{From} WHERE DeploymentStatus > 'Active'", "DeploymentStatus" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public void InvalidField_IsInvalidFieldNamingTheField(string soql, string field)
    {
        var error = ParseFails(soql);

        Assert.Equal(ErrorCodes.InvalidField, error.Code);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(field, error.Errors[0].Field);
    }

    [Fact]
    public void GroupByDisabledTime_SaysItCannotBeGrouped()
    {
        var error = ParseFails("SELECT COUNT(Id) FROM MessagingChannelUsage GROUP BY DisabledTime");

        Assert.Equal("field 'DisabledTime' can not be grouped in a query call", error.Errors[0].Message);
    }

    [Fact]
    public void ProtoFieldName_SuggestsTheSalesforceName()
    {
        var error = ParseFails("SELECT deployment_status FROM MessagingChannelUsage");

        Assert.Contains("did you mean DeploymentStatus?", error.Errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT Id FROM Account")]
    [InlineData("SELECT Id FROM MessagingChannel")]
    [InlineData("SELECT COUNT() FROM MessagingSession")]
    public void FromAnotherObject_IsInvalidType(string soql)
    {
        var error = ParseFails(soql);

        Assert.Equal(ErrorCodes.InvalidType, error.Code);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }
}
