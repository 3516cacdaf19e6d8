using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Store.Tests.Contract;

/// <summary>Valid records with fresh ids, so tests sharing one Redis never see each other's data.</summary>
public static class TestRecords
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    public static MessagingChannel Channel(string? developerName = null)
    {
        var id = SalesforceId.NewId(KeyPrefixes.MessagingChannel);
        return new MessagingChannel
        {
            Id = id,
            DeveloperName = developerName ?? "Ch_" + id,
            MasterLabel = "Support on WhatsApp",
            Kind = ChannelKind.Unified,
            MessageType = MessageType.WhatsApp,
            FallbackQueueId = "00G000000000001AAA",
            OptOutKeywords = ["STOP", "UNSUBSCRIBE"],
            OptInKeywords = ["START"],
            HelpKeywords = ["HELP"],
            MarketingKeywords = ["JOIN", "DEALS"],
            OptOutConfirmation = "You are opted out.",
            OptInPrompt = "Reply START to opt in.",
            HelpResponse = "Reply STOP to opt out.",
            CreatedDate = T0,
            LastModifiedDate = T0,
            SystemModstamp = T0,
        };
    }

    /// <summary><see cref="Channel"/> with an "es" keyword set and two custom keywords (domain.md §8).</summary>
    public static MessagingChannel MultilingualChannel() => Channel() with
    {
        KeywordSets =
        [
            new KeywordSet
            {
                Language = "es",
                OptOutKeywords = ["BAJA", "ALTO"],
                HelpKeywords = ["AYUDA"],
                OptOutConfirmation = "Has sido dado de baja.",
                HelpResponse = "Responde BAJA para salir.",
            },
        ],
        CustomKeywords =
        [
            new CustomKeyword { Keyword = "HOURS", Match = KeywordMatch.WholeMessage, ReplyText = "Open 9-5" },
            new CustomKeyword { Keyword = "PRECIO", Match = KeywordMatch.FirstWord, ReplyText = "Precios: example.com", Language = "es", RouteTo = Handler.JourneyBuilder },
        ],
    };

    public static ChannelUsage Usage(string channelId, DeploymentType type, DeploymentStatus status = DeploymentStatus.Active) => new()
    {
        Id = SalesforceId.NewId(KeyPrefixes.MessagingChannelUsage),
        MessagingChannelId = channelId,
        DeploymentType = type,
        DeploymentStatus = status,
        ConsentType = ConsentType.ImplicitOptIn,
        RoutingOverride = type == DeploymentType.MJ ? RoutingOverride.MJKeywordsOnly : null,
        CreatedDate = T0,
        LastModifiedDate = T0,
        SystemModstamp = T0,
    };

    public static string PlatformKey() => "+1555" + Random.Shared.Next(1_000_000, 9_999_999);
}
