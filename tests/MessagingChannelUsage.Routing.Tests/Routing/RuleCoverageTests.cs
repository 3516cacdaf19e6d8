using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Tests.Routing;

/// <summary>
/// issue 14 "rule for every reason in the routing table tests": every reason the router can give
/// is the expected reason of at least one row of the inbound, keyword-set or outbound table, and
/// each of those tables checks the decision's rule.
/// </summary>
public class RuleCoverageTests
{
    [Fact]
    public void EveryReason_IsGivenByARoutingTableRow_ThatChecksItsRule()
    {
        var covered = Reasons<InboundRow>(RouterInboundTests.Rows, r => r.Reason)
            .Concat(Reasons<KeywordRow>(RouterKeywordSetTests.Rows, r => r.Reason))
            .Concat(Reasons<OutboundRow>(RouterOutboundTests.Rows, r => r.Reason))
            .ToHashSet();

        Assert.All(Enum.GetValues<RoutingReason>(), reason => Assert.Contains(reason, covered));
    }

    private static IEnumerable<RoutingReason> Reasons<TRow>(IEnumerable<object[]> rows, Func<TRow, RoutingReason> reason)
        => rows.Select(row => reason((TRow)row[0]));
}
