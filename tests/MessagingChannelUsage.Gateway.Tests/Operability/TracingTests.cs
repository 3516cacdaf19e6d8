using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using MessagingChannelUsage.Gateway.Telemetry;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>
/// The server span of each RPC continues the caller's W3C trace and carries the routing outcome;
/// each RouteStream item gets its own span in that trace.
/// </summary>
[Collection(OperabilityRunsAlone.Name)]
public sealed class TracingTests : IAsyncLifetime, IDisposable
{
    private readonly ConcurrentQueue<Activity> stopped = new();
    private readonly ActivityListener listener;
    private GatewayHost host = null!;

    public TracingTests()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or GatewayTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public async Task InitializeAsync() => host = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    public void Dispose() => listener.Dispose();

    [Fact]
    public async Task RouteInbound_WithTraceparent_ServerSpanContinuesTheTraceAndCarriesTheDecision()
    {
        var channel = await new TestChannels(host.Services).ServiceOnlyAsync();
        var (traceId, parentId, headers) = Traceparent();

        await host.CreateClient<MessageRouter.MessageRouterClient>()
            .RouteInboundAsync(Messages.Inbound(channel.Id, TestChannel.NewPlatformKey(), "hello"), headers, Calls.Deadline);

        var span = await FindAsync(a => a.Source.Name == "Microsoft.AspNetCore" && Tag(a, GatewayTracing.ChannelIdTag) == channel.Id);
        Assert.Equal(traceId, span.TraceId);
        Assert.Equal(parentId, span.ParentSpanId);
        Assert.Equal("HANDLER_OMNI_CHANNEL", Tag(span, GatewayMetrics.HandlerTag));
        Assert.Equal("ROUTING_REASON_SERVICE_ONLY", Tag(span, GatewayMetrics.ReasonTag));
    }

    [Fact]
    public async Task RouteStream_EachItem_GetsItsOwnSpanInTheCallersTrace()
    {
        var channel = await new TestChannels(host.Services).MarketingOnlyAsync();
        var (traceId, _, headers) = Traceparent();

        using (var stream = host.CreateClient<MessageRouter.MessageRouterClient>().RouteStream(headers, Calls.Deadline))
        {
            await stream.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound(channel.Id, TestChannel.NewPlatformKey(), "hi") }).WithTimeout();
            await stream.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound("bad", TestChannel.NewPlatformKey(), "hi") }).WithTimeout();
            await stream.RequestStream.CompleteAsync().WithTimeout();
            while (await stream.ResponseStream.MoveNext().WithTimeout())
            {
            }
        }

        var decided = await FindAsync(a => a.OperationName == GatewayTracing.StreamItemSpanName && Tag(a, GatewayTracing.ChannelIdTag) == channel.Id);
        Assert.Equal(traceId, decided.TraceId);
        Assert.Equal("HANDLER_JOURNEY_BUILDER", Tag(decided, GatewayMetrics.HandlerTag));
        var failed = await FindAsync(a => a.OperationName == GatewayTracing.StreamItemSpanName && a.TraceId == traceId && a.Status == ActivityStatusCode.Error);
        Assert.False(string.IsNullOrEmpty(Tag(failed, GatewayMetrics.ErrorCodeTag)));
    }

    [Fact]
    public async Task RouteStream_ItemsThatWaitForTheStore_EachHaveTheCallsSpanAsParent()
    {
        // On Redis an end user this instance has not seen is read over the network, so each item
        // waits; the span of one waiting item must not become the parent of the next one.
        await using var redis = await RedisServer.StartAsync();
        await using var redisHost = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Store:Kind"] = "Redis",
            ["Store:RedisConnectionString"] = redis.Endpoint,
        });
        var channel = await new TestChannels(redisHost.Services).MarketingOnlyAsync();
        var (traceId, _, headers) = Traceparent();
        const int items = 8;

        using (var stream = redisHost.CreateClient<MessageRouter.MessageRouterClient>().RouteStream(headers, Calls.Deadline))
        {
            for (var i = 0; i < items; i++)
            {
                await stream.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound(channel.Id, TestChannel.NewPlatformKey(), "hi") }).WithTimeout();
            }

            await stream.RequestStream.CompleteAsync().WithTimeout();
            while (await stream.ResponseStream.MoveNext().WithTimeout())
            {
            }
        }

        var server = await FindAsync(a => a.Source.Name == "Microsoft.AspNetCore" && a.TraceId == traceId);
        Assert.True(await TaskTimeouts.Eventually(() => ItemSpans(traceId).Count == items), "every item's span was recorded");
        Assert.All(ItemSpans(traceId), span => Assert.Equal(server.SpanId, span.ParentSpanId));
    }

    private List<Activity> ItemSpans(ActivityTraceId traceId)
        => [.. stopped.Where(a => a.OperationName == GatewayTracing.StreamItemSpanName && a.TraceId == traceId)];

    private static (ActivityTraceId TraceId, ActivitySpanId ParentId, Metadata Headers) Traceparent()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var parentId = ActivitySpanId.CreateRandom();
        return (traceId, parentId, new Metadata { { "traceparent", $"00-{traceId}-{parentId}-01" } });
    }

    private static string? Tag(Activity activity, string name) => activity.GetTagItem(name) as string;

    /// <summary>The server span stops just after the response is sent, so wait for it (signal polling, no sleep).</summary>
    private async Task<Activity> FindAsync(Func<Activity, bool> match)
    {
        Activity? found = null;
        Assert.True(await TaskTimeouts.Eventually(() => (found = stopped.FirstOrDefault(match)) is not null), "no matching span was recorded");
        return found!;
    }
}
