using System.Diagnostics;
using Grpc.Core;
using MessagingChannelUsage.Gateway.Application;
using MessagingChannelUsage.Gateway.Logging;
using MessagingChannelUsage.Gateway.Mapping;
using MessagingChannelUsage.Gateway.Shutdown;
using MessagingChannelUsage.Gateway.Telemetry;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Gateway.Services;

/// <summary>messaging.v1.MessageRouter: map, call the routing engine, map back.</summary>
public sealed class MessageRouterGrpcService(
    RoutingEngine engine,
    RoutingTelemetry telemetry,
    StreamDrain drain,
    ILogger<MessageRouterGrpcService> logger) : MessageRouter.MessageRouterBase
{
    private static readonly WriteOptions BufferedWrite = new(WriteFlags.BufferHint);

    public override Task<RoutingDecision> RouteInbound(InboundMessage request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var started = GatewayMetrics.Start();
        try
        {
            return ToProto(engine.RouteInboundAsync(RoutingMapping.ToRequest(request), context.CancellationToken), request.ChannelId, inbound: true, started);
        }
        catch (DomainException exception)
        {
            telemetry.Failed(Activity.Current, request.ChannelId, exception, inbound: true, started);
            throw;
        }
    }

    public override Task<RoutingDecision> RouteOutbound(OutboundMessage request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var started = GatewayMetrics.Start();
        try
        {
            return ToProto(engine.RouteOutboundAsync(RoutingMapping.ToRequest(request), context.CancellationToken), request.ChannelId, inbound: false, started);
        }
        catch (DomainException exception)
        {
            telemetry.Failed(Activity.Current, request.ChannelId, exception, inbound: false, started);
            throw;
        }
    }

    /// <summary>
    /// One decision per request, in request order. Each answer is written (and the write awaited)
    /// before the next request is handled, and at most one request is read ahead, so a slow
    /// reader slows the stream down instead of filling memory. When the next request has already
    /// arrived, the answer is written without a flush (the client is not waiting for it to send
    /// more); the next flushed write carries it. A bad item is answered with <c>error</c> and the
    /// stream goes on.
    /// On shutdown the stream keeps reading for Gateway:StreamDrainTimeout; then it stops reading
    /// (a request already read is still routed and answered) and ends with UNAVAILABLE.
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
        using var lease = drain.Open(cancellationToken);
        long index = 0;
        try
        {
            var hasRequest = await requestStream.MoveNext(lease.ReadToken).ConfigureAwait(false);
            while (hasRequest)
            {
                telemetry.StreamMessageReceived();
                var decision = await RouteItemAsync(requestStream.Current, index++, cancellationToken).ConfigureAwait(false);
                var next = requestStream.MoveNext(lease.ReadToken);
                var moreAlreadyHere = next.IsCompletedSuccessfully && next.Result;
                responseStream.WriteOptions = moreAlreadyHere ? BufferedWrite : null;
                await responseStream.WriteAsync(decision, cancellationToken).ConfigureAwait(false);
                hasRequest = await next.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (lease.DrainExpired)
        {
            lease.ReportDrainExpired(index);
            throw new RpcException(new Status(
                StatusCode.Unavailable,
                "The gateway is shutting down: every request it read was answered; send the rest to another instance."));
        }
    }

    private async ValueTask<RoutingDecision> RouteItemAsync(RouteRequest request, long index, CancellationToken cancellationToken)
    {
        using var span = GatewayTracing.StartStreamItem();
        var started = GatewayMetrics.Start();
        var inbound = request.MessageCase != RouteRequest.MessageOneofCase.Outbound;
        string? messageId = null;
        string? channelId = null;
        try
        {
            RoutedMessage routed;
            switch (request.MessageCase)
            {
                case RouteRequest.MessageOneofCase.Inbound:
                    messageId = request.Inbound.MessageId;
                    channelId = request.Inbound.ChannelId;
                    routed = await engine.RouteInboundAsync(RoutingMapping.ToRequest(request.Inbound), cancellationToken).ConfigureAwait(false);
                    break;
                case RouteRequest.MessageOneofCase.Outbound:
                    messageId = request.Outbound.MessageId;
                    channelId = request.Outbound.ChannelId;
                    routed = await engine.RouteOutboundAsync(RoutingMapping.ToRequest(request.Outbound), cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.RequiredFieldMissing, "message", "A RouteRequest carries inbound or outbound.");
            }

            telemetry.Decided(span, channelId, routed, inbound, started);
            return RoutingMapping.ToProto(routed);
        }
        catch (DomainException exception)
        {
            telemetry.Failed(span, channelId, exception, inbound, started);
            GatewayLog.StreamItemRejected(logger, index, exception.Code);
            return RoutingMapping.ToErrorItem(messageId, exception);
        }
    }

    private Task<RoutingDecision> ToProto(ValueTask<RoutedMessage> pending, string channelId, bool inbound, long started)
    {
        if (pending.IsCompletedSuccessfully)
        {
            var routed = pending.Result;
            telemetry.Decided(Activity.Current, channelId, routed, inbound, started);
            return Task.FromResult(RoutingMapping.ToProto(routed));
        }

        return Awaited(pending, channelId, inbound, started);
    }

    private async Task<RoutingDecision> Awaited(ValueTask<RoutedMessage> pending, string channelId, bool inbound, long started)
    {
        try
        {
            var routed = await pending.ConfigureAwait(false);
            telemetry.Decided(Activity.Current, channelId, routed, inbound, started);
            return RoutingMapping.ToProto(routed);
        }
        catch (DomainException exception)
        {
            telemetry.Failed(Activity.Current, channelId, exception, inbound, started);
            throw;
        }
    }
}
