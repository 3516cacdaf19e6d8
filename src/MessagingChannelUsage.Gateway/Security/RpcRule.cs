using Google.Protobuf;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// What one RPC requires: a permission (None = no credentials needed, e.g. health), how it is
/// tied to channels, and whether it is an admin write (audited).
/// </summary>
/// <param name="Method">The full gRPC method path, e.g. "/messaging.v1.MessageRouter/RouteInbound".</param>
/// <param name="Required">The permission a caller needs.</param>
/// <param name="Channels">How the call is tied to channels.</param>
/// <param name="ChannelsOf">For <see cref="ChannelRule.Request"/>: the channel-bearing ids of a request (empty ids are skipped).</param>
/// <param name="Group">The limit the call counts against.</param>
/// <param name="IsWrite">An admin write: audited.</param>
internal sealed record RpcRule(
    string Method,
    Permissions Required,
    ChannelRule Channels,
    Func<IMessage, IEnumerable<ChannelRef>>? ChannelsOf,
    LimitGroup Group,
    bool IsWrite = false)
{
    /// <summary>Calls anyone may make without credentials (health).</summary>
    public bool IsPublic => Required == Permissions.None;
}

/// <summary>Which per-caller limit a call counts against.</summary>
internal enum LimitGroup
{
    /// <summary>Not limited (health).</summary>
    None,

    /// <summary>Routing calls (and each RouteStream item).</summary>
    Routing,

    /// <summary>Everything else: reads, writes, lifecycle, reflection.</summary>
    Admin,
}
