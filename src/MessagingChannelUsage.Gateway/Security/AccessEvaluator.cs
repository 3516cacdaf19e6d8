namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// The permission rule (domain.md §11) as pure functions, in the order the gateway applies them:
/// first <see cref="CheckScope"/> (before anything is looked up), then — only for a caller
/// limited to some channels — <see cref="CheckChannels"/> on the channels the call touches.
/// </summary>
internal static class AccessEvaluator
{
    /// <summary>
    /// Whether <paramref name="caller"/> (null = not authenticated) may make a call of
    /// <paramref name="rule"/> at all: health is public; everything else needs a caller with the
    /// rule's permission; calls on every channel (creating a channel, the audit trail) need a
    /// caller that is not limited to some channels.
    /// </summary>
    public static AccessOutcome CheckScope(Caller? caller, RpcRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.IsPublic)
        {
            return AccessOutcome.Allowed;
        }

        if (caller is null)
        {
            return AccessOutcome.Unauthenticated;
        }

        if (!caller.Has(rule.Required))
        {
            return AccessOutcome.PermissionDenied;
        }

        return rule.Channels == ChannelRule.EveryChannel && !caller.Channels.IsAll
            ? AccessOutcome.PermissionDenied
            : AccessOutcome.Allowed;
    }

    /// <summary>
    /// Whether every channel a call touches is the caller's. A null entry stands for a record
    /// that was not found: denied like a foreign one, so the answer says nothing about existence.
    /// </summary>
    public static AccessOutcome CheckChannels(Caller caller, IEnumerable<string?> channelIds)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(channelIds);
        if (caller.Channels.IsAll)
        {
            return AccessOutcome.Allowed;
        }

        foreach (var channelId in channelIds)
        {
            if (!caller.Channels.Allows(channelId))
            {
                return AccessOutcome.PermissionDenied;
            }
        }

        return AccessOutcome.Allowed;
    }

    /// <summary>One RouteStream item (or one row of a list): route (or read) permission was checked for the call already.</summary>
    public static bool MayTouch(Caller caller, string? channelId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Channels.Allows(channelId);
    }
}
