namespace MessagingChannelUsage.LoadTests.Setup;

/// <summary>
/// The channels the routing scenarios send to, each with the routing branch it exercises
/// (its profile) and its share of the traffic.
/// </summary>
public sealed record RoutingFixture(IReadOnlyList<FixtureChannel> Channels, string Source)
{
    /// <summary>MJ usages whose RoutingOverride the mixed scenario may flip (each flip invalidates a cached snapshot).</summary>
    public IReadOnlyList<string> MarketingUsageIds => [.. Channels.Where(c => c.MarketingUsageId is not null).Select(c => c.MarketingUsageId!)];
}

/// <param name="Id">The channel id (18 characters).</param>
/// <param name="Profile">Which routing branch the channel stands for, e.g. service_only.</param>
/// <param name="Weight">Relative share of the messages.</param>
/// <param name="MarketingKeywords">Keywords that send a message to Journey Builder on this channel.</param>
/// <param name="MarketingUsageId">The channel's MJ usage, when it has one and the runner knows it.</param>
/// <param name="CanSendOutbound">Whether outbound messages make sense here (the channel exists).</param>
public sealed record FixtureChannel(
    string Id,
    string Profile,
    double Weight,
    IReadOnlyList<string> MarketingKeywords,
    string? MarketingUsageId,
    bool CanSendOutbound);
