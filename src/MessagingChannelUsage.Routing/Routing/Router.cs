using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Routing;

/// <summary>Which consent keyword list a whole message matched, if any (domain.md §4.2).</summary>
public enum ConsentKeywordKind { None = 0, OptOut, OptIn, DoubleOptIn, Help }

/// <summary>
/// A message classified against a snapshot's keyword sets: done once per message, before the
/// end user's state is read, so the caller can skip that read when the rule does not need it.
/// Strings are the snapshot's own keyword instances (no allocation).
/// </summary>
public readonly record struct InboundClassification(
    ConsentKeywordKind ConsentKeyword,
    string? ConsentKeywordText,
    string? MarketingKeyword);

/// <summary>
/// The routing decision of domain.md §4.1 (inbound) and §4.4 (outbound): pure functions of an
/// immutable snapshot, the end user's state and the message. They never throw and allocate nothing.
/// </summary>
public static class Router
{
    public static InboundClassification Classify(ChannelSnapshot snapshot, ReadOnlySpan<char> text)
        => throw new NotImplementedException();

    /// <summary>False when the inbound decision does not depend on the end user's state (no read needed).</summary>
    public static bool NeedsEndUserState(ChannelSnapshot? snapshot, in InboundClassification classification)
        => throw new NotImplementedException();

    public static RoutingDecision DecideInbound(ChannelSnapshot? snapshot, in InboundClassification classification, in EndUserState user)
        => throw new NotImplementedException();

    /// <summary>Classify + decide in one call.</summary>
    public static RoutingDecision RouteInbound(ChannelSnapshot? snapshot, ReadOnlySpan<char> text, in EndUserState user)
        => snapshot is null
            ? DecideInbound(null, default, user)
            : DecideInbound(snapshot, Classify(snapshot, text), user);

    /// <summary>Outbound: <paramref name="sender"/> is OmniChannel or JourneyBuilder.</summary>
    public static RoutingDecision DecideOutbound(ChannelSnapshot? snapshot, in EndUserState user, Handler sender)
        => throw new NotImplementedException();
}
