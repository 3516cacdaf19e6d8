using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;

namespace MessagingChannelUsage.Routing.Tests;

/// <summary>
/// The channel every routing test uses: each reply text equals its field name, so a table row
/// can say which text the gateway answers with.
/// </summary>
internal static class TestChannels
{
    public static readonly string ChannelId = SalesforceId.To18("0Mj000000000001");
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static MessagingChannel Channel(ChannelKind kind = ChannelKind.Unified) => new()
    {
        Id = ChannelId,
        DeveloperName = "Test_Channel",
        MasterLabel = "Test channel",
        Kind = kind,
        MessageType = kind == ChannelKind.Unified ? MessageType.Text : MessageType.WhatsApp,
        FallbackQueueId = SalesforceId.To18("00G000000000001"),
        OptOutKeywords = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "opt out"],
        OptInKeywords = ["YES", "Start"],
        DoubleOptInKeywords = ["CONFIRM"],
        HelpKeywords = ["HELP", "info"],
        MarketingKeywords = ["JOIN", "Deals"],
        OptInPrompt = "OptInPrompt",
        DoubleOptInPrompt = "DoubleOptInPrompt",
        OptInConfirmation = "OptInConfirmation",
        OptOutConfirmation = "OptOutConfirmation",
        HelpResponse = "HelpResponse",
    };

    /// <summary>
    /// <see cref="Channel"/> plus two keyword sets and three custom keywords (domain.md §8). The
    /// "es" set has every text ("es:" + field name); the "pt-BR" set only an opt-out confirmation,
    /// so its other replies fall back to the channel's.
    /// </summary>
    public static MessagingChannel Multilingual() => Channel() with
    {
        KeywordSets =
        [
            new KeywordSet
            {
                Language = "es",
                OptOutKeywords = ["BAJA", "alto"],
                OptInKeywords = ["ALTA"],
                DoubleOptInKeywords = ["CONFIRMAR"],
                HelpKeywords = ["AYUDA"],
                MarketingKeywords = ["UNIRSE"],
                OptInPrompt = "es:OptInPrompt",
                DoubleOptInPrompt = "es:DoubleOptInPrompt",
                OptInConfirmation = "es:OptInConfirmation",
                OptOutConfirmation = "es:OptOutConfirmation",
                HelpResponse = "es:HelpResponse",
            },
            new KeywordSet
            {
                Language = "pt-BR",
                OptOutKeywords = ["SAIR"],
                OptInKeywords = ["SIM"],
                HelpKeywords = ["AJUDA"],
                OptOutConfirmation = "pt-BR:OptOutConfirmation",
            },
        ],
        CustomKeywords =
        [
            new CustomKeyword { Keyword = "hours", Match = KeywordMatch.WholeMessage, ReplyText = "Open 9-5" },
            new CustomKeyword { Keyword = "PRICE", Match = KeywordMatch.FirstWord, ReplyText = "Prices: example.com/p", Language = "en", RouteTo = Handler.JourneyBuilder },
            new CustomKeyword { Keyword = "Agente", Match = KeywordMatch.WholeMessage, ReplyText = "Te paso con un agente", Language = "es", RouteTo = Handler.OmniChannel },
        ],
    };

    /// <summary><see cref="FromSpec"/> over <see cref="Multilingual"/>.</summary>
    public static ChannelSnapshot MultilingualFromSpec(string spec) => ChannelSnapshot.Create(Multilingual(), FromSpec(spec)!.Usages, 1);

    public static ChannelUsage Usage(
        DeploymentType type,
        DeploymentStatus status,
        ConsentType? consentType = null,
        RoutingOverride? routingOverride = null) => new()
    {
        Id = SalesforceId.To18($"0Mu00000000000{(int)type}"),
        MessagingChannelId = ChannelId,
        DeploymentType = type,
        DeploymentStatus = status,
        ConsentType = consentType,
        RoutingOverride = routingOverride,
        ErrorReason = status == DeploymentStatus.Error ? ErrorReason.InternalError : null,
        DisabledTime = status == DeploymentStatus.Disabled ? Epoch : null,
        CreatedDate = Epoch,
        LastModifiedDate = Epoch,
        SystemModstamp = Epoch,
    };

    public static ChannelSnapshot Snapshot(params ChannelUsage[] usages) => ChannelSnapshot.Create(Channel(), usages, 1);

    /// <summary>
    /// A snapshot from a row's usage spec: "unknown" = no channel; "" = a channel without usages;
    /// else entries "Type=Status[,RoutingOverride][,ConsentType]" separated by ';', e.g.
    /// "Conversation=Active;MJ=Active,NonSessionMessages,DoubleOptIn".
    /// </summary>
    public static ChannelSnapshot? FromSpec(string spec)
    {
        if (spec == "unknown")
        {
            return null;
        }

        var usages = ImmutableArray.CreateBuilder<ChannelUsage>();
        foreach (var entry in spec.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (typeText, rest) = (entry.Split('=')[0], entry.Split('=')[1].Split(','));
            var type = Enum.Parse<DeploymentType>(typeText);
            var status = Enum.Parse<DeploymentStatus>(rest[0]);
            RoutingOverride? routingOverride = null;
            ConsentType? consentType = null;
            foreach (var token in rest.Skip(1))
            {
                if (Enum.TryParse<RoutingOverride>(token, out var o))
                {
                    routingOverride = o;
                }
                else
                {
                    consentType = Enum.Parse<ConsentType>(token);
                }
            }

            usages.Add(Usage(type, status, consentType, routingOverride));
        }

        return ChannelSnapshot.Create(Channel(), usages.ToImmutable(), 1);
    }

    public static EndUserState User(ConsentStatus? consent, bool openSession) => new(
        "0PA000000000001AAA",
        consent,
        openSession ? "0Mw000000000001AAA" : null,
        openSession ? SessionStatus.Active : null);
}
