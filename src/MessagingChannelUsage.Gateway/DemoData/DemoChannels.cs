using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Keywords;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.DemoData;

/// <summary>
/// Demo channels seeded on the embedded store, one per routing branch of domain.md §4.1, with
/// fixed ids so the README can show commands. Every channel has the consent keywords START
/// (opt-in), YES (double opt-in), the default opt-out list (STOP, …) and HELP.
/// </summary>
internal static class DemoChannels
{
    /// <summary>Enhanced WhatsApp, Conversation Active → OMNI_CHANNEL SERVICE_ONLY.</summary>
    public static readonly string ServiceOnly = SalesforceId.To18("0Mj0000000DEMO1");

    /// <summary>Unified, Conversation + MJ Active, MJKeywordsOnly, marketing keyword JOIN →
    /// "JOIN" goes to JOURNEY_BUILDER MARKETING_KEYWORD, anything else to OMNI_CHANNEL.</summary>
    public static readonly string KeywordsOnly = SalesforceId.To18("0Mj0000000DEMO2");

    /// <summary>Unified, Conversation + MJ Active, NonSessionMessages → JOURNEY_BUILDER unless a session is open.</summary>
    public static readonly string NonSessionMessages = SalesforceId.To18("0Mj0000000DEMO3");

    /// <summary>Unified, only MJ Active (DoubleOptIn) → JOURNEY_BUILDER MARKETING_ONLY.</summary>
    public static readonly string MarketingOnly = SalesforceId.To18("0Mj0000000DEMO4");

    /// <summary>Unified, Conversation and MJ both Disabled → NONE NO_ACTIVE_USAGE.</summary>
    public static readonly string AllDisabled = SalesforceId.To18("0Mj0000000DEMO5");

    /// <summary>
    /// Unified WhatsApp, Conversation + MJ Active (MJKeywordsOnly), with a Spanish keyword set
    /// (BAJA/ALTO/PARAR opt out, ALTA opts in, AYUDA, marketing UNIRSE; Spanish replies) and two
    /// custom keywords: HORARIO (whole message, answer only) and PRECIOS (first word, to Journey
    /// Builder). "baja" → NONE OPT_OUT_KEYWORD with the Spanish confirmation (domain.md §8).
    /// </summary>
    public static readonly string Spanish = SalesforceId.To18("0Mj0000000DEMO6");

    public const string MarketingKeyword = "JOIN";

    /// <summary>The demo channels and their usages, built for <paramref name="now"/>.</summary>
    public static ImmutableArray<(MessagingChannel Channel, ImmutableArray<ChannelUsage> Usages)> Build(DateTimeOffset now) =>
    [
        (Channel(ServiceOnly, "Demo_ServiceOnly", "Demo: Enhanced WhatsApp (service only)", ChannelKind.Enhanced, MessageType.WhatsApp, now),
            [Usage("0Mu0000000DEM11", ServiceOnly, DeploymentType.Conversation, DeploymentStatus.Active, null, now)]),
        (Channel(KeywordsOnly, "Demo_MJKeywordsOnly", "Demo: Unified, MJKeywordsOnly", ChannelKind.Unified, MessageType.WhatsApp, now),
            [
                Usage("0Mu0000000DEM21", KeywordsOnly, DeploymentType.Conversation, DeploymentStatus.Active, null, now),
                Usage("0Mu0000000DEM22", KeywordsOnly, DeploymentType.MJ, DeploymentStatus.Active, RoutingOverride.MJKeywordsOnly, now),
            ]),
        (Channel(NonSessionMessages, "Demo_NonSessionMessages", "Demo: Unified, NonSessionMessages", ChannelKind.Unified, MessageType.Text, now),
            [
                Usage("0Mu0000000DEM31", NonSessionMessages, DeploymentType.Conversation, DeploymentStatus.Active, null, now),
                Usage("0Mu0000000DEM32", NonSessionMessages, DeploymentType.MJ, DeploymentStatus.Active, RoutingOverride.NonSessionMessages, now),
            ]),
        (Channel(MarketingOnly, "Demo_MarketingOnly", "Demo: Unified, marketing only (double opt-in)", ChannelKind.Unified, MessageType.Text, now),
            [
                Usage("0Mu0000000DEM41", MarketingOnly, DeploymentType.MJ, DeploymentStatus.Active, null, now) with { ConsentType = ConsentType.DoubleOptIn },
            ]),
        (Channel(AllDisabled, "Demo_AllDisabled", "Demo: Unified, every usage disabled", ChannelKind.Unified, MessageType.WhatsApp, now),
            [
                Usage("0Mu0000000DEM51", AllDisabled, DeploymentType.Conversation, DeploymentStatus.Disabled, null, now) with { DisabledTime = now },
                Usage("0Mu0000000DEM52", AllDisabled, DeploymentType.MJ, DeploymentStatus.Disabled, null, now) with { DisabledTime = now },
            ]),
        (Channel(Spanish, "Demo_Spanish", "Demo: Unified WhatsApp with a Spanish keyword set", ChannelKind.Unified, MessageType.WhatsApp, now) with
            {
                KeywordSets = [SpanishKeywords],
                CustomKeywords =
                [
                    new CustomKeyword
                    {
                        Keyword = "HORARIO", Match = KeywordMatch.WholeMessage, Language = "es",
                        ReplyText = "Abrimos de lunes a viernes, de 9 a 18 h.",
                    },
                    new CustomKeyword
                    {
                        Keyword = "PRECIOS", Match = KeywordMatch.FirstWord, Language = "es", RouteTo = Handler.JourneyBuilder,
                        ReplyText = "Te enviamos nuestra lista de precios.",
                    },
                ],
            },
            [
                Usage("0Mu0000000DEM61", Spanish, DeploymentType.Conversation, DeploymentStatus.Active, null, now),
                Usage("0Mu0000000DEM62", Spanish, DeploymentType.MJ, DeploymentStatus.Active, RoutingOverride.MJKeywordsOnly, now),
            ]),
    ];

    /// <summary>The Spanish set of <see cref="Spanish"/>; its double opt-in prompt falls back to the channel's.</summary>
    private static KeywordSet SpanishKeywords => new()
    {
        Language = "es",
        OptOutKeywords = ["BAJA", "ALTO", "PARAR"],
        OptInKeywords = ["ALTA"],
        HelpKeywords = ["AYUDA"],
        MarketingKeywords = ["UNIRSE"],
        OptInPrompt = "Responde ALTA para recibir nuestros mensajes.",
        OptInConfirmation = "Te has suscrito. Responde BAJA para darte de baja.",
        OptOutConfirmation = "Te has dado de baja y no recibirás más mensajes. Responde ALTA para volver a suscribirte.",
        HelpResponse = "Canal de demostración. Responde BAJA para darte de baja, ALTA para suscribirte.",
    };

    private static MessagingChannel Channel(string id, string developerName, string label, ChannelKind kind, MessageType type, DateTimeOffset now) => new()
    {
        Id = id,
        DeveloperName = developerName,
        MasterLabel = label,
        Kind = kind,
        MessageType = type,
        FallbackQueueId = SalesforceId.To18("00G000000DEMOQ1"),
        OptInKeywords = ["START"],
        DoubleOptInKeywords = ["YES"],
        OptOutKeywords = KeywordDefaults.OptOutKeywords,
        HelpKeywords = KeywordDefaults.HelpKeywords,
        MarketingKeywords = kind == ChannelKind.Unified ? [MarketingKeyword] : [],
        OptInPrompt = "Reply START to receive messages from us.",
        DoubleOptInPrompt = "Reply YES to confirm you want our offers.",
        OptInConfirmation = "You are subscribed. Reply STOP to opt out.",
        OptOutConfirmation = "You are unsubscribed and will get no more messages. Reply START to opt in again.",
        HelpResponse = "Demo channel. Reply STOP to opt out, START to opt in.",
        CreatedDate = now,
        LastModifiedDate = now,
        SystemModstamp = now,
    };

    private static ChannelUsage Usage(string id15, string channelId, DeploymentType type, DeploymentStatus status, RoutingOverride? routingOverride, DateTimeOffset now) => new()
    {
        Id = SalesforceId.To18(id15),
        MessagingChannelId = channelId,
        DeploymentType = type,
        DeploymentStatus = status,
        ConsentType = ConsentType.ImplicitOptIn,
        RoutingOverride = routingOverride,
        CreatedDate = now,
        LastModifiedDate = now,
        SystemModstamp = now,
    };
}
