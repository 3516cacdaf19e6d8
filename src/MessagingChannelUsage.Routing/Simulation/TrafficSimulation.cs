using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;

namespace MessagingChannelUsage.Routing.Simulation;

/// <summary>One message of a simulation: inbound when <see cref="Sender"/> is null.</summary>
public readonly record struct SimulatedMessage(string PlatformKey, string Text, Handler? Sender);

/// <summary>The decisions of one message under the current and the proposed configuration.</summary>
public readonly record struct SimulatedOutcome(RoutingDecision Current, RoutingDecision Proposed)
{
    /// <summary>The proposal changes what happens: another handler, reason, reply or matched keyword.</summary>
    public bool Changed => Current.Handler != Proposed.Handler
        || Current.Reason != Proposed.Reason
        || !string.Equals(Current.ReplyText, Proposed.ReplyText, StringComparison.Ordinal)
        || !string.Equals(Current.MatchedKeyword, Proposed.MatchedKeyword, StringComparison.Ordinal);
}

/// <summary>What a simulation answers: per message both decisions, and counts by (handler, reason) for both.</summary>
public sealed record SimulationResult(
    IReadOnlyList<SimulatedOutcome> Outcomes,
    IReadOnlyDictionary<(Handler Handler, RoutingReason Reason), long> CurrentCounts,
    IReadOnlyDictionary<(Handler Handler, RoutingReason Reason), long> ProposedCounts);

/// <summary>
/// domain.md §9 "Simulate": the messages routed in order under two configurations with the pure
/// <see cref="Router"/> (no second implementation of the rules). Each end user's state starts from
/// what is stored and evolves by the decisions' effects (a STOP then a hello), separately per
/// configuration. Pure: nothing is read or written here.
/// </summary>
public static class TrafficSimulation
{
    /// <summary>Id given to an end user or session that only exists inside a simulation.</summary>
    public const string SimulatedId = "(simulated)";

    public static SimulationResult Run(
        ChannelSnapshot current,
        ChannelSnapshot proposed,
        IReadOnlyList<SimulatedMessage> messages,
        IReadOnlyDictionary<string, EndUserState> storedStates)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(proposed);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(storedStates);
        var currentStates = new Dictionary<string, EndUserState>(storedStates, StringComparer.Ordinal);
        var proposedStates = new Dictionary<string, EndUserState>(storedStates, StringComparer.Ordinal);
        var currentCounts = new Dictionary<(Handler, RoutingReason), long>();
        var proposedCounts = new Dictionary<(Handler, RoutingReason), long>();
        var outcomes = new SimulatedOutcome[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var outcome = new SimulatedOutcome(Step(current, messages[i], currentStates), Step(proposed, messages[i], proposedStates));
            Count(currentCounts, outcome.Current);
            Count(proposedCounts, outcome.Proposed);
            outcomes[i] = outcome;
        }

        return new SimulationResult(outcomes, currentCounts, proposedCounts);
    }

    /// <summary>The state an end user has after <paramref name="effects"/> were applied, as the store would apply them.</summary>
    public static EndUserState Apply(EndUserState state, in EndUserEffects effects)
    {
        if (!effects.Any)
        {
            return state;
        }

        var opens = effects.OpenSessionWithOrigin is not null && !state.HasOpenSession;
        return new EndUserState(
            state.EndUserId ?? SimulatedId,
            effects.SetConsent ?? state.ConsentStatus,
            opens ? SimulatedId : state.OpenSessionId,
            opens ? SessionStatus.New : state.OpenSessionStatus,
            effects.SetPreferredLanguage ?? state.PreferredLanguage);
    }

    private static RoutingDecision Step(ChannelSnapshot snapshot, in SimulatedMessage message, Dictionary<string, EndUserState> states)
    {
        var state = states.GetValueOrDefault(message.PlatformKey);
        var decision = message.Sender is { } sender
            ? Router.DecideOutbound(snapshot, state, sender)
            : Router.RouteInbound(snapshot, message.Text, state);
        states[message.PlatformKey] = Apply(state, decision.Effects);
        return decision;
    }

    private static void Count(Dictionary<(Handler, RoutingReason), long> counts, in RoutingDecision decision)
    {
        var key = (decision.Handler, decision.Reason);
        counts[key] = counts.GetValueOrDefault(key) + 1;
    }
}
