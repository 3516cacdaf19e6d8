using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Query;

namespace MessagingChannelUsage.Routing.Tests.Query;

/// <summary>The tree the parser builds: precedence, literals, ORDER BY defaults, column names.</summary>
public class SoqlSyntaxTests
{
    private const string From = "SELECT Id FROM MessagingChannelUsage";

    [Fact]
    public void Precedence_NotBindsTighterThanAnd_AndAndTighterThanOr()
    {
        var where = SoqlParser.Parse($"{From} WHERE DeploymentType = 'MJ' OR DeploymentStatus = 'Active' AND NOT ConsentType = null").Syntax.Where;

        var or = Assert.IsType<OrCondition>(where);
        Assert.Equal(2, or.Operands.Length);
        Assert.Equal("DeploymentType", Assert.IsType<ComparisonCondition>(or.Operands[0]).Field.Name);
        var and = Assert.IsType<AndCondition>(or.Operands[1]);
        Assert.IsType<ComparisonCondition>(and.Operands[0]);
        var not = Assert.IsType<NotCondition>(and.Operands[1]);
        Assert.Equal("ConsentType", Assert.IsType<ComparisonCondition>(not.Operand).Field.Name);
    }

    [Fact]
    public void Parentheses_OverridePrecedence()
    {
        var where = SoqlParser.Parse($"{From} WHERE (DeploymentType = 'MJ' OR DeploymentStatus = 'Active') AND ConsentType = null").Syntax.Where;

        var and = Assert.IsType<AndCondition>(where);
        Assert.IsType<OrCondition>(and.Operands[0]);
    }

    [Fact]
    public void LongAndChain_IsOneFlatNode()
    {
        var where = SoqlParser.Parse($"{From} WHERE {string.Join(" AND ", Enumerable.Repeat("Id != null", 500))}").Syntax.Where;

        Assert.Equal(500, Assert.IsType<AndCondition>(where).Operands.Length);
    }

    [Theory]
    [InlineData(@"'it\'s'", "it's")]
    [InlineData(@"'a\\b'", @"a\b")]
    [InlineData(@"'line\nnext\ttab\rret'", "line\nnext\ttab\rret")]
    [InlineData(@"'\N\T\R'", "\n\t\r")]
    [InlineData(@"'q\""b\b\f'", "q\"b\b\f")]
    [InlineData("''", "")]
    [InlineData("'Ünïcode ✓'", "Ünïcode ✓")]
    public void StringLiteral_UnescapesSoqlEscapes(string literal, string expected)
    {
        var comparison = (ComparisonCondition)SoqlParser.Parse($"{From} WHERE DeploymentType = {literal}").Syntax.Where!;

        Assert.Equal(SoqlLiteralKind.Text, comparison.Value.Kind);
        Assert.Equal(expected, comparison.Value.Value);
    }

    [Theory]
    [InlineData("2026-01-01T00:00:00Z", "2026-01-01T00:00:00+00:00")]
    [InlineData("2026-06-30T23:59:59.123Z", "2026-06-30T23:59:59.1230000+00:00")]
    [InlineData("2026-01-01T05:30:00+05:30", "2026-01-01T00:00:00+00:00")]
    [InlineData("2025-12-31T19:00:00-05:00", "2026-01-01T00:00:00+00:00")]
    public void DateTimeLiteral_IsTheInstantWritten(string literal, string utc)
    {
        var comparison = (ComparisonCondition)SoqlParser.Parse($"{From} WHERE CreatedDate = {literal}").Syntax.Where!;

        Assert.Equal(SoqlLiteralKind.DateTime, comparison.Value.Kind);
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), (DateTimeOffset)comparison.Value.Value!);
    }

    [Fact]
    public void DateLiteral_IsADate()
    {
        var comparison = (ComparisonCondition)SoqlParser.Parse($"{From} WHERE CreatedDate > 2026-02-28").Syntax.Where!;

        Assert.Equal(SoqlLiteralKind.Date, comparison.Value.Kind);
        Assert.Equal(new DateOnly(2026, 2, 28), comparison.Value.Value);
    }

    [Theory]
    [InlineData("=", ComparisonOperator.Equal)]
    [InlineData("!=", ComparisonOperator.NotEqual)]
    [InlineData("<>", ComparisonOperator.NotEqual)]
    [InlineData("<", ComparisonOperator.Less)]
    [InlineData("<=", ComparisonOperator.LessOrEqual)]
    [InlineData(">", ComparisonOperator.Greater)]
    [InlineData(">=", ComparisonOperator.GreaterOrEqual)]
    public void ComparisonOperators_AreRecognised(string symbol, ComparisonOperator expected)
    {
        var comparison = (ComparisonCondition)SoqlParser.Parse($"{From} WHERE CreatedDate {symbol} 2026-01-01T00:00:00Z").Syntax.Where!;

        Assert.Equal(expected, comparison.Operator);
    }

    [Fact]
    public void OrderBy_ResolvesSalesforceNullDefaults()
    {
        var query = SoqlParser.Parse($"{From} ORDER BY CreatedDate, DisabledTime DESC, ConsentType DESC NULLS FIRST, ErrorReason NULLS LAST LIMIT 7 OFFSET 3");

        Assert.Equal(
            [
                ("CreatedDate", false, true),
                ("DisabledTime", true, false),
                ("ConsentType", true, true),
                ("ErrorReason", false, false),
            ],
            query.OrderBy.Select(k => (k.Field!.Name, k.Descending, k.NullsFirst)));
        Assert.All(query.OrderBy, k => Assert.False(k.Count));
        Assert.Equal(7, query.Limit);
        Assert.Equal(3, query.Offset);
    }

    [Fact]
    public void AggregateColumns_AreNamedByAliasFieldOrExprN()
    {
        var query = SoqlParser.Parse(
            "SELECT DeploymentType, COUNT(Id), COUNT(ConsentType) c, COUNT(ErrorReason), MessagingChannelId ch FROM MessagingChannelUsage GROUP BY DeploymentType, MessagingChannelId");

        Assert.Equal(QueryShape.Aggregate, query.Shape);
        Assert.Equal(["DeploymentType", "expr0", "c", "expr1", "ch"], query.Columns.Select(c => c.Name));
        Assert.Equal([UsageFields.DeploymentType.Name, UsageFields.MessagingChannelId.Name], query.GroupBy.Select(f => f.Name));
    }

    [Fact]
    public void GroupByWithoutAggregate_IsAnAggregateQuery()
    {
        Assert.Equal(QueryShape.Aggregate, SoqlParser.Parse("SELECT DeploymentType FROM MessagingChannelUsage GROUP BY DeploymentType").Shape);
        Assert.Equal(QueryShape.Records, SoqlParser.Parse(From).Shape);
        Assert.Equal(QueryShape.CountOnly, SoqlParser.Parse("SELECT COUNT() FROM MessagingChannelUsage").Shape);
    }

    [Fact]
    public void SelectedFields_KeepSelectOrderUnderSalesforceNames()
    {
        var query = SoqlParser.Parse("SELECT systemmodstamp, Id, messagingchannelusage.deploymentTYPE FROM MessagingChannelUsage");

        Assert.Equal(["SystemModstamp", "Id", "DeploymentType"], query.Columns.Select(c => c.Name));
    }
}
