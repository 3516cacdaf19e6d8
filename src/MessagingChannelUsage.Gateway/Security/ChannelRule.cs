namespace MessagingChannelUsage.Gateway.Security;

/// <summary>How a call is tied to channels, for callers limited to some channels.</summary>
internal enum ChannelRule
{
    /// <summary>Not about a channel (describe, reflection, health).</summary>
    None,

    /// <summary>The request names channels (directly or through usage/session ids): each must be the caller's.</summary>
    Request,

    /// <summary>Lists and queries: the answer leaves out what belongs to other channels.</summary>
    Filtered,

    /// <summary>RouteStream: each item is checked on its own; a foreign item gets an error item.</summary>
    PerItem,

    /// <summary>Only callers with every channel (creating a channel, the audit trail).</summary>
    EveryChannel,
}
