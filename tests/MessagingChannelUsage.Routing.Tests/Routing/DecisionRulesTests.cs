using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;

namespace MessagingChannelUsage.Routing.Tests.Routing;

/// <summary>
/// Every reason the router can give is explained by a numbered rule of domain.md §4.1/§4.4, or,
/// for a custom keyword (§8, checked between inbound rules 4 and 5), by the named rule "inbound.custom".
/// </summary>
public class DecisionRulesTests
{
    private static readonly RoutingReason[] OutboundOnly =
        [RoutingReason.OptedOut, RoutingReason.UsageNotActive, RoutingReason.ConsentRequired, RoutingReason.SenderAllowed];

    public static TheoryData<RoutingReason> Reasons => [.. Enum.GetValues<RoutingReason>()];

    [Theory]
    [MemberData(nameof(Reasons))]
    public void EveryReason_HasANumberedRuleInTheDirectionThatGivesIt(RoutingReason reason)
    {
        var rule = OutboundOnly.Contains(reason) ? DecisionRules.Outbound(reason) : DecisionRules.Inbound(reason);

        Assert.Matches(@"^((inbound|outbound)\.[1-8]|inbound\.custom)$", rule);
    }

    [Fact]
    public void ReasonsOfBothDirections_AreExplainedByEachDirectionsOwnRule()
    {
        Assert.Equal("inbound.1", DecisionRules.Inbound(RoutingReason.ChannelNotFound));
        Assert.Equal("outbound.1", DecisionRules.Outbound(RoutingReason.ChannelNotFound));
        Assert.Equal("inbound.8", DecisionRules.Inbound(RoutingReason.ActiveServiceSession));
        Assert.Equal("outbound.6", DecisionRules.Outbound(RoutingReason.ActiveServiceSession));
    }

    [Fact]
    public void ACustomKeywordReply_IsExplainedByTheCustomKeywordRule()
    {
        Assert.Equal("inbound.custom", DecisionRules.Inbound(RoutingReason.CustomKeyword));
    }
}
