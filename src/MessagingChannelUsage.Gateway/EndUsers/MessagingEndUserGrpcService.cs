using Grpc.Core;
using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Gateway.EndUsers;

/// <summary>
/// messaging.v1.MessagingEndUserService (the end user, its consent per usage and open session):
/// proto → domain, one <see cref="EndUserApplication"/> call, domain → proto.
/// </summary>
internal sealed class MessagingEndUserGrpcService(EndUserApplication endUsers) : MessagingEndUserService.MessagingEndUserServiceBase
{
    public override async Task<MessagingEndUser> GetEndUser(GetEndUserRequest request, ServerCallContext context)
    {
        var validation = default(RequestValidation);
        var channelId = validation.Id(request.ChannelId, "channel_id", KeyPrefixes.MessagingChannel);
        validation.Required(request.PlatformKey, "platform_key", Limits.MaxPlatformKeyLength);
        validation.ThrowIfInvalid();
        var view = await endUsers.GetAsync(channelId, request.PlatformKey, context.CancellationToken);
        return EndUserMapping.ToProto(view);
    }
}
