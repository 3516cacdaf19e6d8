using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.LoadTests.Setup;

/// <summary>
/// The channel set the runner creates through the admin API: one Unified/Text channel per routing
/// branch of domain.md §4.1, plus an id that names no channel. Weights give the traffic share.
/// </summary>
public static class ChannelProfiles
{
    /// <summary>Keywords every created channel uses (the lists are disjoint, as the rules require).</summary>
    public static readonly IReadOnlyList<string> MarketingKeywords = ["JOIN", "DEALS", "PROMO"];
    public static readonly IReadOnlyList<string> OptInKeywords = ["START", "YES"];
    public static readonly IReadOnlyList<string> DoubleOptInKeywords = ["CONFIRM"];
    public static readonly IReadOnlyList<string> OptOutKeywords = ["STOP", "UNSUBSCRIBE"];
    public static readonly IReadOnlyList<string> HelpKeywords = ["HELP"];

    /// <summary>
    /// The Spanish keyword set every created channel has (domain.md §8), so the mix's Spanish
    /// messages exercise the per-language lookup and replies.
    /// </summary>
    public static readonly IReadOnlyList<string> SpanishOptOutKeywords = ["BAJA", "ALTO"];
    public static readonly IReadOnlyList<string> SpanishOptInKeywords = ["ALTA"];
    public static readonly IReadOnlyList<string> SpanishHelpKeywords = ["AYUDA"];
    public static readonly IReadOnlyList<string> SpanishMarketingKeywords = ["UNIRSE"];

    // The two ids are written out in their 18-character form (the suffix of "0Mj00LOADTEST00" and
    // "00G00LOADTEST01"), so the runner needs no routing library; a test checks the suffixes.

    /// <summary>A well-formed MessagingChannel id that the runner never creates (CHANNEL_NOT_FOUND).</summary>
    public const string UnknownChannelId = "0Mj00LOADTEST00C5H";

    /// <summary>A well-formed queue id for the Conversation usages' provisioning check.</summary>
    public const string FallbackQueueId = "00G00LOADTEST01E5H";

    /// <summary>One usage to create (and activate, unless <see cref="Activate"/> is false).</summary>
    public sealed record UsagePlan(DeploymentType Type, RoutingOverride Override, bool Activate = true);

    /// <summary>A channel to create: its profile name, traffic weight and usages.</summary>
    public sealed record ChannelPlan(string Profile, double Weight, IReadOnlyList<UsagePlan> Usages);

    public static readonly IReadOnlyList<ChannelPlan> All =
    [
        new("service_only", 25, [new(DeploymentType.Conversation, RoutingOverride.Unspecified)]),
        new("marketing_only", 15, [new(DeploymentType.Mj, RoutingOverride.MjKeywordsOnly)]),
        new("both_mj_keywords_only", 30,
            [new(DeploymentType.Conversation, RoutingOverride.Unspecified), new(DeploymentType.Mj, RoutingOverride.MjKeywordsOnly)]),
        new("both_non_session_messages", 20,
            [new(DeploymentType.Conversation, RoutingOverride.Unspecified), new(DeploymentType.Mj, RoutingOverride.NonSessionMessages)]),
        new("no_active_usage", 5, [new(DeploymentType.Conversation, RoutingOverride.Unspecified, Activate: false)]),
    ];

    /// <summary>Share of messages sent to <see cref="UnknownChannelId"/>.</summary>
    public const double UnknownChannelWeight = 5;

    /// <summary>The channel record for a profile; <paramref name="runTag"/> keeps DeveloperName unique across runs on one store.</summary>
    public static MessagingChannel Channel(string profile, string runTag)
    {
        var channel = new MessagingChannel
        {
            DeveloperName = $"lt_{profile}_{runTag}",
            MasterLabel = $"Load test {profile}",
            Kind = ChannelKind.Unified,
            MessageType = MessageType.Text,
            FallbackQueueId = FallbackQueueId,
            OptInPrompt = "Reply YES to receive messages.",
            DoubleOptInPrompt = "Reply CONFIRM to confirm.",
            OptInConfirmation = "You are subscribed.",
            OptOutConfirmation = "You are unsubscribed. Reply START to subscribe again.",
            HelpResponse = "Reply STOP to unsubscribe.",
        };
        channel.OptInKeywords.AddRange(OptInKeywords);
        channel.DoubleOptInKeywords.AddRange(DoubleOptInKeywords);
        channel.OptOutKeywords.AddRange(OptOutKeywords);
        channel.HelpKeywords.AddRange(HelpKeywords);
        channel.MarketingKeywords.AddRange(MarketingKeywords);
        var spanish = new KeywordSet
        {
            Language = "es",
            OptInConfirmation = "Te has suscrito.",
            OptOutConfirmation = "Te has dado de baja. Responde ALTA para volver.",
            HelpResponse = "Responde BAJA para darte de baja.",
        };
        spanish.OptOutKeywords.AddRange(SpanishOptOutKeywords);
        spanish.OptInKeywords.AddRange(SpanishOptInKeywords);
        spanish.HelpKeywords.AddRange(SpanishHelpKeywords);
        spanish.MarketingKeywords.AddRange(SpanishMarketingKeywords);
        channel.KeywordSets.Add(spanish);
        return channel;
    }
}
