using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Tests.Routing;

/// <summary>
/// domain.md §4.1, §4.4 and §8 restated apart from DecisionRules: the rule that gives each reason
/// in each direction. A reason with no rule here fails the table that meets it.
/// </summary>
internal static class RulesRestated
{
    public static string Inbound(RoutingReason reason) => reason switch
    {
        RoutingReason.ChannelNotFound => "inbound.1",
        RoutingReason.OptOutKeyword => "inbound.2",
        RoutingReason.NoActiveUsage => "inbound.3",
        RoutingReason.OptInKeyword or RoutingReason.HelpKeyword => "inbound.4",
        RoutingReason.CustomKeyword => "inbound.custom",
        RoutingReason.ServiceOnly => "inbound.6",
        RoutingReason.MarketingOnly => "inbound.7",
        RoutingReason.MarketingKeyword or RoutingReason.NotAMarketingKeyword
            or RoutingReason.ActiveServiceSession or RoutingReason.NoActiveServiceSession => "inbound.8",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "No inbound rule of domain.md gives this reason."),
    };

    public static string Outbound(RoutingReason reason) => reason switch
    {
        RoutingReason.ChannelNotFound => "outbound.1",
        RoutingReason.OptedOut => "outbound.2",
        RoutingReason.UsageNotActive => "outbound.4",
        RoutingReason.ConsentRequired => "outbound.5",
        RoutingReason.SenderAllowed or RoutingReason.ActiveServiceSession => "outbound.6",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "No outbound rule of domain.md gives this reason."),
    };
}
