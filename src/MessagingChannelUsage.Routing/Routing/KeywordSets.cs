using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Routing;

/// <summary>
/// The channel's keyword lists, normalised (domain.md §4.3) into frozen sets that can be probed
/// with a span, so matching a message allocates nothing.
/// </summary>
public sealed class KeywordSets
{
    private KeywordSets()
    {
    }

    /// <summary>Builds the sets from the channel's lists (keywords are normalised here).</summary>
    public static KeywordSets Create(MessagingChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        // TODO(routing-core): frozen sets per list with span lookup.
        return new KeywordSets();
    }
}
