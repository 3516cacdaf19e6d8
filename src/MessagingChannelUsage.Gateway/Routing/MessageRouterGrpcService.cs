using System.Diagnostics;
using Grpc.Core;
using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Gateway.Security;
using MessagingChannelUsage.Gateway.Hosting;
using MessagingChannelUsage.Gateway.Shutdown;
using MessagingChannelUsage.Gateway.Telemetry;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Store.Caching;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>messaging.v1.MessageRouter: map, call the routing engine, map back.</summary>
internal sealed class MessageRouterGrpcService(
    RoutingEngine engine,
    TrafficSimulator simulator,
    RoutingTelemetry telemetry,
    StreamDrain drain,
    IOptions<GatewayOptions> options,
    ILogger<MessageRouterGrpcService> logger) : MessageRouter.MessageRouterBase
{
    private static readonly WriteOptions BufferedWrite = new(WriteFlags.BufferHint);

    // Replies kept for reuse per stream at most (a large window does not keep a large pool).
    private const int MaxKeptReplies = 64;
    private readonly int streamWindow = options.Value.StreamWindow;

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

    /// <summary>What-if (domain.md §9): every message under the current and the proposed configuration; nothing is written.</summary>
    public override async Task<SimulateResponse> Simulate(SimulateRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var answer = await simulator.SimulateAsync(SimulationMapping.ToDomain(request), context.CancellationToken);
        return SimulationMapping.ToProto(answer);
    }

    /// <summary>
    /// One decision per request, answered in request order. Up to Gateway:StreamWindow requests
    /// are routed at once (<see cref="OrderedWindow{TRequest,TKey,TResult}"/>); requests of the
    /// same (channel_id, platform_key) are routed one after the other, so an end user's side
    /// effects keep their order. Each write is awaited and a full window stops the reading, so a
    /// slow reader slows the stream down instead of filling memory. Answers that are ready
    /// together are written together and flushed once (before the stream waits for a request or
    /// an answer, and at least once per window: a flush waits while the client does not read,
    /// bounded memory per stream, docs/reliability.md). The end-user reads of the items started
    /// between two waits that go to Redis (near-cache misses) are sent as one batched read. A
    /// bad item is answered with <c>error</c> and the stream goes on; bytes that are not a
    /// RouteRequest end the stream INVALID_ARGUMENT after the answers before them.
    /// On shutdown the stream keeps reading for Gateway:StreamDrainTimeout; then it stops reading
    /// (every request already read is still routed and answered) and ends with UNAVAILABLE.
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
        // The caller was admitted with the route permission; each item must also be on one of its channels.
        var access = CallerResolver.Current(context.GetHttpContext())?.Channels ?? ChannelAccess.All;
        // The end-user reads of the items started together go to the store as one batched read.
        var reads = new EndUserReadWindowBatch(new EndUserReadBatch(cancellationToken));
        // A window's worth of replies (plus the one held for writing) is reused as they are written.
        var replies = new StreamReplies(Math.Min(streamWindow, MaxKeptReplies) + 1);
        var window = new OrderedWindow<RouteRequest, (string ChannelId, string PlatformKey), RoutingDecision>(
            streamWindow, OrderingKey, (request, index, token) => RouteItemAsync(request, index, access, replies, token), static (request, _, exception) => ToErrorItem(request, exception), reads);
        try
        {
            await window.RunAsync(
                requestStream.MoveNext,
                () =>
                {
                    telemetry.StreamMessageReceived();
                    return requestStream.Current;
                },
                (decision, more) =>
                {
                    // The window flushes before it waits and at least once per window: a flush
                    // waits while the client does not read (HTTP/2 flow control), which stops the
                    // window, which stops reading. Answers that are ready together go in one flush.
                    responseStream.WriteOptions = more ? BufferedWrite : null;
                    var written = responseStream.WriteAsync(decision, cancellationToken);
                    if (written.IsCompletedSuccessfully)
                    {
                        // Serialized into the response already: the object can carry a later answer.
                        // (A write that waits keeps its reply; it is not reused.)
                        replies.Return(decision);
                    }

                    return written;
                },
                lease.ReadToken,
                cancellationToken);
        }
        catch (OperationCanceledException) when (lease.DrainExpired)
        {
            lease.ReportDrainExpired(window.Written);
            throw new RpcException(new Status(
                StatusCode.Unavailable,
                "The gateway is shutting down: every request it read was answered; send the rest to another instance."));
        }
    }

    /// <summary>Messages of one end user on one channel must not overtake each other.</summary>
    private static bool OrderingKey(RouteRequest request, out (string ChannelId, string PlatformKey) key)
    {
        switch (request.MessageCase)
        {
            case RouteRequest.MessageOneofCase.Inbound:
                key = (request.Inbound.ChannelId, request.Inbound.PlatformKey);
                return true;
            case RouteRequest.MessageOneofCase.Outbound:
                key = (request.Outbound.ChannelId, request.Outbound.PlatformKey);
                return true;
            default:
                key = default;
                return false;
        }
    }

    /// <summary>An item on a channel that is not the caller's is answered PERMISSION_DENIED, unrouted.</summary>
    private static void CheckChannel(ChannelAccess access, string channelId)
    {
        if (!access.Allows(channelId))
        {
            throw AccessErrors.DeniedItem();
        }
    }

    /// <summary>RouteItemAsync answers domain errors itself; this catches one thrown before it could.</summary>
    private static RoutingDecision? ToErrorItem(RouteRequest request, Exception exception)
        => exception is DomainException domain
            ? RoutingMapping.ToErrorItem(
                request.MessageCase switch
                {
                    RouteRequest.MessageOneofCase.Inbound => request.Inbound.MessageId,
                    RouteRequest.MessageOneofCase.Outbound => request.Outbound.MessageId,
                    _ => null,
                },
                domain)
            : null;

    /// <summary>
    /// One stream item. Not an async method: an item that completes at once (in-process store,
    /// warm near cache) is answered without a state machine; only one that waits for the store
    /// goes through <see cref="AwaitedItem"/>. Domain errors become error items here (telemetry
    /// and the log line included), before or after the wait.
    /// </summary>
    private ValueTask<RoutingDecision> RouteItemAsync(RouteRequest request, long index, ChannelAccess access, StreamReplies replies, CancellationToken cancellationToken)
    {
        var span = GatewayTracing.StartStreamItem();
        var item = new StreamItem(span, index, GatewayMetrics.Start(), request.MessageCase != RouteRequest.MessageOneofCase.Outbound, replies);
        ValueTask<RoutedMessage> pending;
        try
        {
            switch (request.MessageCase)
            {
                case RouteRequest.MessageOneofCase.Inbound:
                    item.MessageId = request.Inbound.MessageId;
                    item.ChannelId = request.Inbound.ChannelId;
                    CheckChannel(access, item.ChannelId);
                    pending = engine.RouteInboundAsync(RoutingMapping.ToRequest(request.Inbound), cancellationToken);
                    break;
                case RouteRequest.MessageOneofCase.Outbound:
                    item.MessageId = request.Outbound.MessageId;
                    item.ChannelId = request.Outbound.ChannelId;
                    CheckChannel(access, item.ChannelId);
                    pending = engine.RouteOutboundAsync(RoutingMapping.ToRequest(request.Outbound), cancellationToken);
                    break;
                default:
                    throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.RequiredFieldMissing, "message", "A RouteRequest carries inbound or outbound.");
            }
        }
        catch (DomainException exception)
        {
            return new ValueTask<RoutingDecision>(Rejected(item, exception));
        }
        catch
        {
            span?.Dispose();
            throw;
        }

        if (!pending.IsCompletedSuccessfully)
        {
            var awaited = AwaitedItem(pending, item);
            if (span is not null)
            {
                // The span stays current in the awaiting item (it captured it), not in the loop
                // that starts the next items: each item's span has the call's span as its parent.
                Activity.Current = span.Parent;
            }

            return awaited;
        }

        // Completed already (checked above): reading the result does not block.
        return new ValueTask<RoutingDecision>(Answered(item, pending.Result));
    }

    private async ValueTask<RoutingDecision> AwaitedItem(ValueTask<RoutedMessage> pending, StreamItem item)
    {
        RoutedMessage routed;
        try
        {
            // The engine's pending answer is its async method's task (AsTask allocates nothing);
            // awaiting the task keeps this state small (a ValueTask awaiter would hold the answer struct).
            routed = await pending.AsTask();
        }
        catch (DomainException exception)
        {
            return Rejected(item, exception);
        }
        catch
        {
            item.Span?.Dispose();
            throw;
        }

        return Answered(item, routed);
    }

    private RoutingDecision Answered(in StreamItem item, in RoutedMessage routed)
    {
        using var span = item.Span;
        telemetry.Decided(span, item.ChannelId, routed, item.Inbound, item.Started);
        return RoutingMapping.ToProto(routed, item.Replies.Rent());
    }

    private RoutingDecision Rejected(in StreamItem item, DomainException exception)
    {
        using var span = item.Span;
        telemetry.Failed(span, item.ChannelId, exception, item.Inbound, item.Started);
        GatewayLog.StreamItemRejected(logger, item.Index, exception.Code);
        return RoutingMapping.ToErrorItem(item.MessageId, exception);
    }

    private Task<RoutingDecision> ToProto(ValueTask<RoutedMessage> pending, string channelId, bool inbound, long started)
    {
        if (pending.IsCompletedSuccessfully)
        {
            // Completed already (checked above): reading the result does not block.
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
            // The engine's task (AsTask allocates nothing): a small awaiter, as in AwaitedItem.
            var routed = await pending.AsTask();
            telemetry.Decided(Activity.Current, channelId, routed, inbound, started);
            return RoutingMapping.ToProto(routed);
        }
        catch (DomainException exception)
        {
            telemetry.Failed(Activity.Current, channelId, exception, inbound, started);
            throw;
        }
    }

    /// <summary>What one stream item's telemetry and error answer need, from its start to its answer.</summary>
    private struct StreamItem(Activity? span, long index, long started, bool inbound, StreamReplies replies)
    {
        public readonly Activity? Span = span;
        public readonly StreamReplies Replies = replies;
        public readonly long Index = index;
        public readonly long Started = started;
        public readonly bool Inbound = inbound;
        public string? MessageId;
        public string? ChannelId;
    }
}
