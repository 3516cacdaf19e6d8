using Grpc.Core;
using MessagingChannelUsage.Gateway.Application;
using MessagingChannelUsage.Gateway.Mapping;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Gateway.Services;

/// <summary>messaging.v1.MessagingEndUserService: the end user, its consent per usage and open session.</summary>
public sealed class MessagingEndUserGrpcService(IEndUserStore endUsers, IChannelSnapshotSource snapshots) : MessagingEndUserService.MessagingEndUserServiceBase
{
    public override async Task<MessagingEndUser> GetEndUser(GetEndUserRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var validation = default(RequestValidation);
        var channelId = validation.Id(request.ChannelId, "channel_id", KeyPrefixes.MessagingChannel, "MessagingChannel");
        validation.Required(request.PlatformKey, "platform_key", RouteLimits.MaxPlatformKeyLength);
        validation.ThrowIfInvalid();

        var cancellationToken = context.CancellationToken;
        var snapshot = await snapshots.GetAsync(channelId, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainException(ErrorKind.NotFound, ErrorCodes.NotFound, "channel_id", $"No MessagingChannel with id {channelId}.");
        var endUser = await endUsers.GetAsync(channelId, request.PlatformKey, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainException(ErrorKind.NotFound, ErrorCodes.NotFound, "platform_key", "No MessagingEndUser with this platform key on the channel.");

        var proto = new MessagingEndUser
        {
            Id = endUser.Id,
            MessagingChannelId = endUser.MessagingChannelId,
            MessagingPlatformKey = endUser.MessagingPlatformKey,
            ConsentStatus = EnumMapping.ToProto(endUser.ConsentStatus),
            OpenSessionId = endUser.OpenSessionId ?? string.Empty,
        };
        foreach (var usage in snapshot.Usages)
        {
            proto.UsageConsent.Add(new UsageConsent
            {
                UsageId = usage.Id,
                DeploymentType = EnumMapping.ToProto(usage.DeploymentType),
                IsFullyOptedIn = Consent.IsFullyOptedIn(endUser.ConsentStatus, usage),
            });
        }

        return proto;
    }
}
