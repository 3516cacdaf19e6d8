using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Keywords;

/// <summary>The consent keywords a channel gets when it is created without them (domain.md §1).</summary>
public static class KeywordDefaults
{
    public static readonly ImmutableArray<string> OptOutKeywords =
        ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPT OUT"];

    public static readonly ImmutableArray<string> HelpKeywords = ["HELP"];

    /// <summary>
    /// The channel with default OptOutKeywords and HelpKeywords where its lists are empty. Called
    /// on create only: an admin may later empty a list on purpose (proto cannot tell "not given"
    /// from "empty" for a repeated field, so empty counts as not given on create).
    /// </summary>
    public static MessagingChannel ApplyTo(MessagingChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel with
        {
            OptOutKeywords = channel.OptOutKeywords.IsDefaultOrEmpty ? OptOutKeywords : channel.OptOutKeywords,
            HelpKeywords = channel.HelpKeywords.IsDefaultOrEmpty ? HelpKeywords : channel.HelpKeywords,
        };
    }
}
