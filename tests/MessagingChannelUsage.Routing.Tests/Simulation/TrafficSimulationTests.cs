using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Routing.Simulation;

namespace MessagingChannelUsage.Routing.Tests.Simulation;

/// <summary>domain.md §9 Simulate: the pure router over two configurations, each end user's state evolving per configuration.</summary>
public class TrafficSimulationTests
{
    private const string Both = "Conversation=Active;MJ=Active,MJKeywordsOnly";
    private const string MJDeactivated = "Conversation=Active;MJ=Disabled,MJKeywordsOnly";

    [Fact]
    public void DeactivatingMJ_SendsMarketingKeywordsToOmniChannel_AndMarksOnlyThoseChanged()
    {
        var result = Run(Both, MJDeactivated, [In("a", "JOIN"), In("b", "hello")]);

        Assert.Equal(RoutingReason.MarketingKeyword, result.Outcomes[0].Current.Reason);
        Assert.Equal(RoutingReason.ServiceOnly, result.Outcomes[0].Proposed.Reason);
        Assert.True(result.Outcomes[0].Changed);
        Assert.Equal(Handler.OmniChannel, result.Outcomes[1].Current.Handler);
        Assert.Equal(Handler.OmniChannel, result.Outcomes[1].Proposed.Handler);
        Assert.True(result.Outcomes[1].Changed); // NOT_A_MARKETING_KEYWORD became SERVICE_ONLY
    }

    [Fact]
    public void AStopThenAHello_SeesTheOptOutOfTheSameSimulation()
    {
        var result = Run(Both, Both, [In("a", "hello"), In("a", "STOP"), Out("a", Handler.JourneyBuilder)]);

        Assert.Equal(RoutingReason.OptedOut, result.Outcomes[2].Current.Reason);
        Assert.Equal("outbound.2", result.Outcomes[2].Current.Rule);
        Assert.All(result.Outcomes, o => Assert.False(o.Changed));
    }

    [Fact]
    public void EndUserStates_EvolveSeparatelyPerConfiguration()
    {
        // Current: the hello opens a session, so Journey Builder's message goes to the session.
        // Proposed (Conversation off): no session is opened, Journey Builder sends itself.
        var result = Run(Both, "Conversation=Disabled;MJ=Active", [In("a", "hello"), Out("a", Handler.JourneyBuilder)]);

        Assert.Equal(RoutingReason.ActiveServiceSession, result.Outcomes[1].Current.Reason);
        Assert.Equal(Handler.OmniChannel, result.Outcomes[1].Current.Handler);
        Assert.Equal(RoutingReason.SenderAllowed, result.Outcomes[1].Proposed.Reason);
        Assert.Equal(Handler.JourneyBuilder, result.Outcomes[1].Proposed.Handler);
    }

    [Fact]
    public void StoredStates_AreTheStartingPoint()
    {
        var stored = new Dictionary<string, EndUserState> { ["a"] = new("0PA000000000001AAA", ConsentStatus.OptedOut, null, null) };
        var result = TrafficSimulation.Run(Snapshot(Both), Snapshot(Both), [Out("a", Handler.OmniChannel)], stored);

        Assert.Equal(RoutingReason.OptedOut, result.Outcomes[0].Current.Reason);
    }

    [Fact]
    public void Counts_AreTheDecisionsCountedByHandlerAndReason()
    {
        var messages = Enumerable.Range(0, 30).Select(i => In("u" + (i % 7), (i % 3) switch { 0 => "JOIN", 1 => "hello", _ => "STOP" })).ToList();

        var result = Run(Both, MJDeactivated, messages);

        Assert.Equal(30, result.CurrentCounts.Values.Sum());
        Assert.Equal(30, result.ProposedCounts.Values.Sum());
        foreach (var group in result.Outcomes.GroupBy(o => (o.Proposed.Handler, o.Proposed.Reason)))
        {
            Assert.Equal(group.Count(), result.ProposedCounts[group.Key]);
        }

        Assert.False(result.ProposedCounts.ContainsKey((Handler.JourneyBuilder, RoutingReason.MarketingKeyword)));
    }

    [Fact]
    public void ASpanishOptOut_RecordsSpanish_SoALaterOutboundOfTheSameSimulationReportsIt()
    {
        var stored = new Dictionary<string, EndUserState> { ["a"] = new("0PA000000000001AAA", ConsentStatus.ImplicitlyOptedIn, null, null, "pt-BR") };
        var result = TrafficSimulation.Run(
            TestChannels.MultilingualFromSpec(Both), TestChannels.MultilingualFromSpec(Both), [Out("a", Handler.OmniChannel), In("a", "BAJA"), Out("a", Handler.OmniChannel)], stored);

        Assert.Equal("pt-BR", result.Outcomes[0].Current.Language);
        Assert.Equal(RoutingReason.OptOutKeyword, result.Outcomes[1].Current.Reason);
        Assert.Equal("es", result.Outcomes[2].Current.Language);
        Assert.Equal("es", result.Outcomes[2].Proposed.Language);
    }

    [Fact]
    public void AnEffectWithoutALanguage_KeepsTheRecordedLanguage()
    {
        var state = new EndUserState("0PA000000000001AAA", ConsentStatus.ImplicitlyOptedIn, null, null, "es");

        var after = TrafficSimulation.Apply(state, new EndUserEffects(ConsentStatus.OptedOut, null));

        Assert.Equal("es", after.PreferredLanguage);
        Assert.Equal(ConsentStatus.OptedOut, after.ConsentStatus);
    }

    private static SimulationResult Run(string current, string proposed, IReadOnlyList<SimulatedMessage> messages)
        => TrafficSimulation.Run(Snapshot(current), Snapshot(proposed), messages, new Dictionary<string, EndUserState>());

    private static ChannelSnapshot Snapshot(string spec) => TestChannels.FromSpec(spec)!;

    private static SimulatedMessage In(string key, string text) => new(key, text, null);

    private static SimulatedMessage Out(string key, Handler sender) => new(key, "hi", sender);
}
