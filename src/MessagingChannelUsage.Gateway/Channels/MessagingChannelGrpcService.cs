using Grpc.Core;
using MessagingChannelUsage.Gateway.Admin;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Services.Admin;

/// <summary>MessagingChannelService over gRPC: a thin shell over <see cref="ChannelAdmin"/>.</summary>
internal sealed class MessagingChannelGrpcService(ChannelAdmin channels) : MessagingChannelService.MessagingChannelServiceBase
{
    public override Task<MessagingChannel> CreateChannel(MessagingChannel request, ServerCallContext context)
        => channels.CreateAsync(request, context.CancellationToken);

    public override Task<MessagingChannel> GetChannel(GetChannelRequest request, ServerCallContext context)
        => channels.GetAsync(request.Id, context.CancellationToken);

    public override Task<MessagingChannel> UpdateChannel(MessagingChannel request, ServerCallContext context)
        => channels.UpdateAsync(request, context.CancellationToken);

    public override Task<ListChannelsResponse> ListChannels(ListChannelsRequest request, ServerCallContext context)
        => channels.ListAsync(request, context.CancellationToken);
}
