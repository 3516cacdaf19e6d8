using System.Collections.Frozen;
using MessagingChannelUsage.Routing.Ids;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// The channels a caller may touch: every channel (<c>*</c>, or no <c>channels</c> claim), or a
/// fixed set. Ids are kept in their 18-character form, so a 15-character id in a token matches
/// the 18-character id of a request.
/// </summary>
internal sealed class ChannelAccess
{
    public const string Wildcard = "*";

    private readonly FrozenSet<string>? channels;

    private ChannelAccess(FrozenSet<string>? channels) => this.channels = channels;

    public static ChannelAccess All { get; } = new(null);

    /// <summary>True when the caller is not limited to some channels.</summary>
    public bool IsAll => channels is null;

    /// <summary>The channel ids (18 characters) when limited; empty when <see cref="IsAll"/>.</summary>
    public IReadOnlyCollection<string> Channels => channels ?? FrozenSet<string>.Empty;

    /// <summary>
    /// The access of a space-separated list (the <c>channels</c> claim). Null or absent → all;
    /// <c>*</c> anywhere → all; an entry that is not a channel id is dropped (it can match
    /// nothing), so a list of only bad entries grants no channel at all.
    /// </summary>
    public static ChannelAccess Parse(string? list)
    {
        if (list is null)
        {
            return All;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in list.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry == Wildcard)
            {
                return All;
            }

            if (SalesforceId.TryNormalize(entry, out var id18, out _, KeyPrefixes.MessagingChannel))
            {
                ids.Add(id18);
            }
        }

        return new ChannelAccess(ids.ToFrozenSet(StringComparer.Ordinal));
    }

    /// <summary>Whether <paramref name="channelId"/> (15 or 18 characters) is one of the caller's.</summary>
    public bool Allows(string? channelId)
    {
        if (channels is null)
        {
            return true;
        }

        if (string.IsNullOrEmpty(channelId))
        {
            return false;
        }

        if (channelId.Length == 18 && channels.Contains(channelId))
        {
            return true;
        }

        return SalesforceId.TryNormalize(channelId, out var id18, out _) && channels.Contains(id18);
    }

    public override string ToString() => channels is null ? Wildcard : string.Join(' ', channels.Order(StringComparer.Ordinal));
}
