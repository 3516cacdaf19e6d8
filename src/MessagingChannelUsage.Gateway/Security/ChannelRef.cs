namespace MessagingChannelUsage.Gateway.Security;

/// <summary>What a request names that belongs to a channel.</summary>
internal enum ChannelRefKind
{
    /// <summary>A channel id itself.</summary>
    Channel,

    /// <summary>A MessagingChannelUsage id: its channel is looked up (only for callers limited to some channels).</summary>
    Usage,

    /// <summary>A MessagingSession id: its channel is looked up (only for callers limited to some channels).</summary>
    Session,
}

/// <summary>One id of a request that ties the call to a channel.</summary>
internal readonly record struct ChannelRef(ChannelRefKind Kind, string Id)
{
    public static ChannelRef Channel(string id) => new(ChannelRefKind.Channel, id);

    public static ChannelRef Usage(string id) => new(ChannelRefKind.Usage, id);

    public static ChannelRef Session(string id) => new(ChannelRefKind.Session, id);
}
