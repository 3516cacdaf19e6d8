using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Routing;

/// <summary>
/// The numbered rule of domain.md §4.1 / §4.4 that produced a decision (its <c>rule</c>, §9
/// "explanation"). Within one direction each reason is produced by exactly one rule, so the rule
/// follows from (direction, reason); the strings are constants, so explaining allocates nothing.
/// </summary>
public static class DecisionRules
{
    public const string InboundUnknownChannel = "inbound.1";
    public const string InboundOptOut = "inbound.2";
    public const string InboundNoActiveUsage = "inbound.3";
    public const string InboundConsentKeyword = "inbound.4";

    /// <summary>A custom keyword's reply (domain.md §8): checked between rules 4 and 5, so it has no number of its own.</summary>
    public const string InboundCustomKeyword = "inbound.custom";
    public const string InboundServiceOnly = "inbound.6";
    public const string InboundMarketingOnly = "inbound.7";
    public const string InboundRoutingOverride = "inbound.8";
    public const string OutboundUnknownChannel = "outbound.1";
    public const string OutboundOptedOut = "outbound.2";
    public const string OutboundUsageNotActive = "outbound.4";
    public const string OutboundConsent = "outbound.5";
    public const string OutboundAllowed = "outbound.6";

    /// <summary>The rule of §4.1 behind an inbound reason (rule 5, implicit consent, never decides alone).</summary>
    public static string Inbound(RoutingReason reason) => reason switch
    {
        RoutingReason.ChannelNotFound => InboundUnknownChannel,
        RoutingReason.OptOutKeyword => InboundOptOut,
        RoutingReason.NoActiveUsage => InboundNoActiveUsage,
        RoutingReason.OptInKeyword or RoutingReason.HelpKeyword => InboundConsentKeyword,
        RoutingReason.CustomKeyword => InboundCustomKeyword,
        RoutingReason.ServiceOnly => InboundServiceOnly,
        RoutingReason.MarketingOnly => InboundMarketingOnly,
        RoutingReason.NotAMarketingKeyword or RoutingReason.MarketingKeyword
            or RoutingReason.ActiveServiceSession or RoutingReason.NoActiveServiceSession => InboundRoutingOverride,
        // The router never throws; a reason without a numbered rule still names its direction.
        _ => "inbound",
    };

    /// <summary>The rule of §4.4 behind an outbound reason (rule 3 only chooses the candidate).</summary>
    public static string Outbound(RoutingReason reason) => reason switch
    {
        RoutingReason.ChannelNotFound => OutboundUnknownChannel,
        RoutingReason.OptedOut => OutboundOptedOut,
        RoutingReason.UsageNotActive => OutboundUsageNotActive,
        RoutingReason.ConsentRequired => OutboundConsent,
        RoutingReason.SenderAllowed or RoutingReason.ActiveServiceSession => OutboundAllowed,
        _ => "outbound",
    };
}
