using Grpc.Core;
using MessagingChannelUsage.Gateway.Application;
using MessagingChannelUsage.Gateway.Logging;
using MessagingChannelUsage.Gateway.Mapping;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Gateway.Services;

/// <summary>messaging.v1.MessageRouter: map, call the routing engine, map back.</summary>
public sealed class MessageRouterGrpcService(RoutingEngine engine, ILogger<MessageRouterGrpcService> logger) : MessageRouter.MessageRouterBase
{
    public override Task<RoutingDecision> RouteInbound(InboundMessage request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ToProto(engine.RouteInboundAsync(RoutingMapping.ToRequest(request), context.CancellationToken));
    }

    public override Task<RoutingDecision> RouteOutbound(OutboundMessage request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ToProto(engine.RouteOutboundAsync(RoutingMapping.ToRequest(request), context.CancellationToken));
    }

    /// <summary>
    /// One decision per request, in request order. Each answer is written (and the write awaited)
    /// before the next request is read, so a slow reader slows the stream down instead of
    /// filling memory. A bad item is answered with <c>error</c> and the stream goes on.
    /// </summary>
    public override async Task RouteStream(
        IAsyncStreamReader<RouteRequest> requestStream,
        IServerStreamWriter<RoutingDecision> responseStream,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.CancellationToken;
        long index = 0;
        while (await requestStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var decision = await RouteItemAsync(requestStream.Current, index++, cancellationToken).ConfigureAwait(false);
            await responseStream.WriteAsync(decision, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<RoutingDecision> RouteItemAsync(RouteRequest request, long index, CancellationToken cancellationToken)
    {
        string? messageId = null;
        try
        {
            switch (request.MessageCase)
            {
                case RouteRequest.MessageOneofCase.Inbound:
                    messageId = request.Inbound.MessageId;
                    return RoutingMapping.ToProto(await engine.RouteInboundAsync(RoutingMapping.ToRequest(request.Inbound), cancellationToken).ConfigureAwait(false));
                case RouteRequest.MessageOneofCase.Outbound:
                    messageId = request.Outbound.MessageId;
                    return RoutingMapping.ToProto(await engine.RouteOutboundAsync(RoutingMapping.ToRequest(request.Outbound), cancellationToken).ConfigureAwait(false));
                default:
                    throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.RequiredFieldMissing, "message", "A RouteRequest carries inbound or outbound.");
            }
        }
        catch (DomainException exception)
        {
            GatewayLog.StreamItemRejected(logger, index, exception.Code);
            return RoutingMapping.ToErrorItem(messageId, exception);
        }
    }

    private static Task<RoutingDecision> ToProto(ValueTask<RoutedMessage> pending)
    {
        return pending.IsCompletedSuccessfully
            ? Task.FromResult(RoutingMapping.ToProto(pending.Result))
            : Awaited(pending);

        static async Task<RoutingDecision> Awaited(ValueTask<RoutedMessage> pending)
            => RoutingMapping.ToProto(await pending.ConfigureAwait(false));
    }
}
