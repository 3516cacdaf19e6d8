using Grpc.Core;
using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Gateway.Security;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Gateway.Channels;

/// <summary>messaging.v1.MessagingChannelService: sizes, proto → domain, one <see cref="ChannelApplication"/> call, domain → proto.</summary>
internal sealed class MessagingChannelGrpcService(ChannelApplication channels) : MessagingChannelService.MessagingChannelServiceBase
{
    public override async Task<MessagingChannel> CreateChannel(MessagingChannel request, ServerCallContext context)
    {
        CheckIdSizes(request);
        var created = await channels.CreateAsync(ChannelMapping.ToDomain(request, idRequired: false), context.CancellationToken);
        return created.ToProto();
    }

    public override async Task<MessagingChannel> GetChannel(GetChannelRequest request, ServerCallContext context)
    {
        var validation = default(RequestValidation);
        validation.MaxLength(request.Id, "id", Limits.MaxIdTextLength);
        validation.ThrowIfInvalid();
        var id = RequestValidation.ParseId(request.Id, "id", KeyPrefixes.MessagingChannel);
        var channel = await channels.GetAsync(id, context.CancellationToken);
        return channel.ToProto();
    }

    public override async Task<MessagingChannel> UpdateChannel(MessagingChannel request, ServerCallContext context)
    {
        CheckIdSizes(request);
        var updated = await channels.UpdateAsync(
            ChannelMapping.ToDomain(request, idRequired: true),
            TimeMapping.ToDomain(request.SystemModstamp, "system_modstamp"),
            context.CancellationToken);
        return updated.ToProto();
    }

    public override async Task<ListChannelsResponse> ListChannels(ListChannelsRequest request, ServerCallContext context)
    {
        var validation = default(RequestValidation);
        validation.MaxLength(request.PageToken, "page_token", Limits.MaxPageTokenLength);
        var pageSize = validation.PageSize(request.PageSize, "page_size", Limits.DefaultPageSize, Limits.MaxPageSize);
        validation.ThrowIfInvalid();
        var page = await channels.ListAsync(pageSize, request.PageToken.Length == 0 ? null : request.PageToken, CallerResolver.VisibleChannels(context), context.CancellationToken);
        return ChannelMapping.ToProto(page);
    }

    private static void CheckIdSizes(MessagingChannel request)
    {
        var validation = default(RequestValidation);
        validation.MaxLength(request.Id, "id", Limits.MaxIdTextLength);
        validation.MaxLength(request.FallbackQueueId, ChannelValidator.FallbackQueueIdField, Limits.MaxIdTextLength);
        validation.ThrowIfInvalid();
    }
}
