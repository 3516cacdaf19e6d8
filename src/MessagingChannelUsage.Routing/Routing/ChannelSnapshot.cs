using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Routing;

/// <summary>
/// Immutable view of one channel and its ≤3 usages with keywords pre-normalised into frozen sets,
/// built once per change and shared by every request (the near cache keeps one per channel in a
/// ConcurrentDictionary entry, replaced whole). <see cref="Version"/> orders snapshots: an older load never replaces a newer one.
/// </summary>
public sealed class ChannelSnapshot
{
    private ChannelSnapshot(MessagingChannel channel, ImmutableArray<ChannelUsage> usages, long version)
    {
        Channel = channel;
        Usages = usages;
        Version = version;
        foreach (var usage in usages)
        {
            switch (usage.DeploymentType)
            {
                case DeploymentType.Conversation: Conversation = usage; break;
                case DeploymentType.MessagingEngagement: MessagingEngagement = usage; break;
                case DeploymentType.MJ: MJ = usage; break;
            }
        }

        // domain.md §1: "the marketing usage" is MJ when it is active, else MessagingEngagement
        // (only MJ carries a RoutingOverride, so it governs when both exist).
        Marketing = MJ is { IsActive: true } ? MJ : MessagingEngagement ?? MJ;
        Keywords = KeywordSets.Create(channel);
        // Computed once here rather than on every message.
        ConversationActive = Conversation is { IsActive: true };
        MarketingActive = Marketing is { IsActive: true };
        AnyActive = ConversationActive || MarketingActive;
        AnyActiveRequiresDoubleOptIn = usages.Any(u => u.IsActive && u.ConsentType == ConsentType.DoubleOptIn);
    }

    public MessagingChannel Channel { get; }

    public string ChannelId => Channel.Id;

    public ImmutableArray<ChannelUsage> Usages { get; }

    public long Version { get; }

    public ChannelUsage? Conversation { get; }

    public ChannelUsage? MessagingEngagement { get; }

    public ChannelUsage? MJ { get; }

    /// <summary>The marketing usage (MJ if active, else MessagingEngagement, else MJ).</summary>
    public ChannelUsage? Marketing { get; }

    /// <summary>Normalised keyword sets of the channel.</summary>
    public KeywordSets Keywords { get; }

    public bool ConversationActive { get; }

    public bool MarketingActive { get; }

    public bool AnyActive { get; }

    /// <summary>An active usage requires DoubleOptIn: the opt-in reply is then the DoubleOptInPrompt (§4.2).</summary>
    public bool AnyActiveRequiresDoubleOptIn { get; }

    public static ChannelSnapshot Create(MessagingChannel channel, IEnumerable<ChannelUsage> usages, long version)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(usages);
        return new ChannelSnapshot(channel, [.. usages], version);
    }

    /// <summary>The usage of a handler (Conversation for Omni-Channel, the marketing usage for Journey Builder).</summary>
    public ChannelUsage? UsageOf(Handler handler) => handler switch
    {
        Handler.OmniChannel => Conversation,
        Handler.JourneyBuilder => Marketing,
        _ => null,
    };
}
