using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Gateway.EndUsers;

/// <summary>The end user of a platform key on a channel, with its consent for each usage of the channel.</summary>
internal sealed class EndUserApplication(IEndUserStore endUsers, IChannelSnapshotSource snapshots)
{
    public async Task<EndUserConsent> GetAsync(string channelId, string platformKey, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.GetAsync(channelId, cancellationToken)
            ?? throw new DomainException(ErrorKind.NotFound, ErrorCodes.NotFound, "channel_id", $"No MessagingChannel with id {channelId}.");
        var endUser = await endUsers.GetAsync(channelId, platformKey, cancellationToken)
            ?? throw new DomainException(ErrorKind.NotFound, ErrorCodes.NotFound, "platform_key", "No MessagingEndUser with this platform key on the channel.");
        return new EndUserConsent(
            endUser,
            [.. snapshot.Usages.Select(usage => new UsageConsent(usage, Consent.IsFullyOptedIn(endUser.ConsentStatus, usage)))]);
    }
}

/// <summary>An end user and, for each usage of its channel, whether its consent meets the usage's ConsentType.</summary>
internal sealed record EndUserConsent(MessagingEndUser EndUser, IReadOnlyList<UsageConsent> Usages);

/// <summary>One usage and whether the end user is fully opted in for it.</summary>
internal readonly record struct UsageConsent(ChannelUsage Usage, bool IsFullyOptedIn);
