using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;

namespace MessagingChannelUsage.Benchmarks;

/// <summary>
/// One routing decision (classify + decide) per operation, on snapshots built once, as the
/// gateway's hot path runs it after the near cache and the end-user read. Goal: &lt;100 ns, 0 B.
/// The <c>*With20Languages</c> methods run the same messages on the same channel with 20 keyword
/// sets of 20 keywords each (domain.md §8): one lookup over every list, so the cost should not move.
/// </summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private ChannelSnapshot keywordsOnly = null!;
    private ChannelSnapshot nonSession = null!;
    private ChannelSnapshot disabled = null!;
    private ChannelSnapshot twentyLanguages = null!;
    private EndUserState noSession;
    private EndUserState inSession;

    [GlobalSetup]
    public void Setup()
    {
        keywordsOnly = Snapshot(
            Usage(DeploymentType.Conversation, DeploymentStatus.Active, null),
            Usage(DeploymentType.MJ, DeploymentStatus.Active, RoutingOverride.MJKeywordsOnly));
        nonSession = Snapshot(
            Usage(DeploymentType.Conversation, DeploymentStatus.Active, null),
            Usage(DeploymentType.MJ, DeploymentStatus.Active, RoutingOverride.NonSessionMessages));
        disabled = Snapshot(
            Usage(DeploymentType.Conversation, DeploymentStatus.Disabled, null),
            Usage(DeploymentType.MJ, DeploymentStatus.Disabled, RoutingOverride.MJKeywordsOnly));
        twentyLanguages = ChannelSnapshot.Create(
            keywordsOnly.Channel with { KeywordSets = [.. Enumerable.Range(0, 20).Select(LanguageSet)] },
            keywordsOnly.Usages,
            1);
        noSession = new EndUserState("0PA000000000001GAA", ConsentStatus.ImplicitlyOptedIn, null, null);
        inSession = new EndUserState("0PA000000000001GAA", ConsentStatus.ExplicitlyOptedIn, "0Mw000000000001CAA", SessionStatus.Active);
    }

    /// <summary>MJKeywordsOnly, "JOIN now", no open session → JOURNEY_BUILDER, MARKETING_KEYWORD.</summary>
    [Benchmark]
    public RoutingDecision InboundMarketingKeywordHit() => Router.RouteInbound(keywordsOnly, "JOIN now", noSession);

    /// <summary>MJKeywordsOnly, an ordinary sentence → OMNI_CHANNEL, NOT_A_MARKETING_KEYWORD.</summary>
    [Benchmark]
    public RoutingDecision InboundOrdinarySentence() => Router.RouteInbound(keywordsOnly, "Hi, where is my order #12345? It is late.", noSession);

    /// <summary>NonSessionMessages, no open session → JOURNEY_BUILDER, NO_ACTIVE_SERVICE_SESSION.</summary>
    [Benchmark]
    public RoutingDecision InboundNonSessionMessages() => Router.RouteInbound(nonSession, "hello, any news?", noSession);

    /// <summary>Opt-out keyword with punctuation → NONE, OPT_OUT_KEYWORD with the effect.</summary>
    [Benchmark]
    public RoutingDecision InboundOptOut() => Router.RouteInbound(keywordsOnly, "Stop!", noSession);

    /// <summary>Every usage Disabled → NONE, NO_ACTIVE_USAGE.</summary>
    [Benchmark]
    public RoutingDecision InboundNoActiveUsage() => Router.RouteInbound(disabled, "hello", noSession);

    /// <summary>Journey Builder sends while the user is in a session → OMNI_CHANNEL, ACTIVE_SERVICE_SESSION.</summary>
    [Benchmark]
    public RoutingDecision OutboundActiveSession() => Router.DecideOutbound(keywordsOnly, inSession, Handler.JourneyBuilder);

    /// <summary>Non-ASCII text that is already NFKC (accents): the platform's IsNormalized check runs.</summary>
    [Benchmark]
    public InboundClassification ClassifyNonAsciiNfkc() => Router.Classify(keywordsOnly, "Où est ma commande ? Merci beaucoup");

    /// <summary>Full-width text (not NFKC): normalised through a stack buffer.</summary>
    [Benchmark]
    public InboundClassification ClassifyFullWidth() => Router.Classify(keywordsOnly, "ＪＯＩＮ ｎｏｗ");

    /// <summary>As <see cref="InboundMarketingKeywordHit"/>, on the channel with 20 keyword sets.</summary>
    [Benchmark]
    public RoutingDecision InboundMarketingKeywordHitWith20Languages() => Router.RouteInbound(twentyLanguages, "JOIN now", noSession);

    /// <summary>As <see cref="InboundOrdinarySentence"/>, on the channel with 20 keyword sets.</summary>
    [Benchmark]
    public RoutingDecision InboundOrdinarySentenceWith20Languages() => Router.RouteInbound(twentyLanguages, "Hi, where is my order #12345? It is late.", noSession);

    /// <summary>As <see cref="InboundOptOut"/>, on the channel with 20 keyword sets.</summary>
    [Benchmark]
    public RoutingDecision InboundOptOutWith20Languages() => Router.RouteInbound(twentyLanguages, "Stop!", noSession);

    /// <summary>The last set's opt-out keyword → NONE, OPT_OUT_KEYWORD, that set's reply and language.</summary>
    [Benchmark]
    public RoutingDecision InboundSetOptOutWith20Languages() => Router.RouteInbound(twentyLanguages, "baja19x3!", noSession);

    /// <summary>20 keywords per set: 4 in each of the five lists, e.g. BAJA7X0 (opt-out) and UNIRSE7X0 (marketing).</summary>
    private static KeywordSet LanguageSet(int index) => new()
    {
        Language = $"x-lang{index}",
        OptOutKeywords = Four("BAJA", index),
        OptInKeywords = Four("ALTA", index),
        DoubleOptInKeywords = Four("CONFIRMAR", index),
        HelpKeywords = Four("AYUDA", index),
        MarketingKeywords = Four("UNIRSE", index),
        OptOutConfirmation = $"Opted out ({index}).",
    };

    private static ImmutableArray<string> Four(string stem, int set) => [.. Enumerable.Range(0, 4).Select(k => $"{stem}{set}X{k}")];

    private static ChannelSnapshot Snapshot(params ChannelUsage[] usages) => ChannelSnapshot.Create(
        new MessagingChannel
        {
            Id = SalesforceId.To18("0Mj000000000001"),
            DeveloperName = "Bench",
            MasterLabel = "Bench",
            Kind = ChannelKind.Unified,
            MessageType = MessageType.Text,
            FallbackQueueId = SalesforceId.To18("00G000000000001"),
            OptOutKeywords = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPT OUT"],
            OptInKeywords = ["YES", "START"],
            DoubleOptInKeywords = ["CONFIRM"],
            HelpKeywords = ["HELP"],
            MarketingKeywords = ImmutableArray.Create("JOIN", "DEALS", "PROMO", "WIN", "SALE"),
            OptOutConfirmation = "You are opted out.",
            OptInConfirmation = "You are opted in.",
            HelpResponse = "Reply STOP to opt out.",
        },
        usages,
        1);

    private static ChannelUsage Usage(DeploymentType type, DeploymentStatus status, RoutingOverride? routingOverride) => new()
    {
        Id = SalesforceId.To18($"0Mu00000000000{(int)type}"),
        MessagingChannelId = SalesforceId.To18("0Mj000000000001"),
        DeploymentType = type,
        DeploymentStatus = status,
        RoutingOverride = routingOverride,
        DisabledTime = status == DeploymentStatus.Disabled ? Epoch : null,
        CreatedDate = Epoch,
        LastModifiedDate = Epoch,
        SystemModstamp = Epoch,
    };
}
