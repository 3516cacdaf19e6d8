using Google.Protobuf.WellKnownTypes;
using MessagingChannelUsage.LoadTests.Engine;
using MessagingChannelUsage.LoadTests.Grpc;
using MessagingChannelUsage.LoadTests.Setup;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.LoadTests.Scenarios;

/// <summary>The gateway scenarios: route_inbound, route_outbound, route_stream and mixed.</summary>
public static class RoutingScenarios
{
    public const string RouteInboundName = "route_inbound";
    public const string RouteOutboundName = "route_outbound";
    public const string RouteStreamName = "route_stream";
    public const string MixedName = "mixed";
    public const string UpdateUsageStep = "update_usage";

    // Answers are tagged with the contract's spelling (ROUTING_REASON_SERVICE_ONLY), as mcu and the gateway's metrics write it.
    private static readonly string?[] ReasonNames = ContractEnumNames.Table<RoutingReason>();

    /// <summary>Unary RouteInbound over the fixture's channels; each OK answer is tagged with its routing reason.</summary>
    public static ScenarioDefinition RouteInbound(ChannelPool pool, RoutingFixture fixture, ScenarioSettings settings)
    {
        var clients = Clients(pool);
        var feed = MessageMix.Inbound(fixture, settings.UsersPerChannel, settings.Seed);
        return Configure(ScenarioDefinition.Create(RouteInboundName, context =>
            RouteInboundStepAsync(clients, feed, settings, context)), settings);
    }

    /// <summary>Unary RouteOutbound (agents and journeys writing to end users).</summary>
    public static ScenarioDefinition RouteOutbound(ChannelPool pool, RoutingFixture fixture, ScenarioSettings settings)
    {
        var clients = Clients(pool);
        var feed = MessageMix.Outbound(fixture, settings.UsersPerChannel, settings.Seed);
        return Configure(ScenarioDefinition.Create(RouteOutboundName, context =>
            Step.RunAsync(RouteOutboundName, context, async () =>
            {
                var client = clients[Messages.Slot(context) % clients.Length];
                var decision = await client.RouteOutboundAsync(
                    Messages.Outbound(feed.Next(), Messages.MessageId(settings, context)),
                    deadline: DateTime.UtcNow + settings.Deadline,
                    cancellationToken: context.CancellationToken);
                return Response.Ok(ReasonTag(decision.Reason));
            })), settings);
    }

    /// <summary>
    /// Inbound messages over <see cref="ScenarioSettings.Streams"/> long-lived RouteStream calls; the
    /// copies share the streams, so several messages are in flight on each (pipelining).
    /// </summary>
    public static ScenarioDefinition RouteStream(ChannelPool pool, RoutingFixture fixture, ScenarioSettings settings)
    {
        var feed = MessageMix.Inbound(fixture, settings.UsersPerChannel, settings.Seed);
        var lifetime = new CancellationTokenSource();
        var pipes = Enumerable.Range(0, settings.Streams)
            .Select(i => new StreamPipe<RouteRequest, RoutingDecision>(
                token => new MessageRouter.MessageRouterClient(pool.For(i)).RouteStream(cancellationToken: token), lifetime.Token))
            .ToArray();
        return Configure(
            ScenarioDefinition.Create(RouteStreamName, context =>
                Step.RunAsync(RouteStreamName, context, async () =>
                {
                    var pipe = pipes[Messages.Slot(context) % pipes.Length];
                    var decision = await pipe.SendAsync(new RouteRequest { Inbound = Messages.Inbound(feed.Next(), Messages.MessageId(settings, context)) })
                        .WaitAsync(settings.Deadline, context.CancellationToken);
                    return decision.Error is { } error
                        ? Response.Fail(((global::Grpc.Core.StatusCode)error.StatusCode).ToString(), error.ErrorCode)
                        : Response.Ok(ReasonTag(decision.Reason));
                }))
            .WithClean(async () =>
            {
                foreach (var pipe in pipes)
                {
                    await pipe.DisposeAsync();
                }

                await lifetime.CancelAsync();
                lifetime.Dispose();
            }), settings);
    }

    /// <summary>
    /// RouteInbound, with <see cref="ScenarioSettings.UpdatePercent"/> of the iterations replaced by a
    /// MessagingChannelUsageService.Update that flips an MJ usage's RoutingOverride: every update
    /// invalidates the channel's cached snapshot on every gateway instance.
    /// </summary>
    public static ScenarioDefinition Mixed(ChannelPool pool, RoutingFixture fixture, ScenarioSettings settings)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var usageIds = fixture.MarketingUsageIds;
        if (usageIds.Count == 0)
        {
            throw new InvalidOperationException("The mixed scenario needs MJ usage ids: use --setup admin, or give --usage-ids.");
        }

        var clients = Clients(pool);
        var admin = Enumerable.Range(0, pool.Count)
            .Select(i => new MessagingChannelUsageService.MessagingChannelUsageServiceClient(pool.For(i))).ToArray();
        var feed = MessageMix.Inbound(fixture, settings.UsersPerChannel, settings.Seed);
        var actions = DataFeed.Weighted([(true, settings.UpdatePercent), (false, 100 - settings.UpdatePercent)], MessageMix.FeedLength, settings.Seed + 3);
        var updates = DataFeed.Weighted(
            [.. usageIds.SelectMany(id => new[] { ((id, RoutingOverride.MjKeywordsOnly), 1.0), ((id, RoutingOverride.NonSessionMessages), 1.0) })],
            MessageMix.FeedLength,
            settings.Seed + 4);
        return Configure(ScenarioDefinition.Create(MixedName, context =>
        {
            if (!actions.Next())
            {
                return RouteInboundStepAsync(clients, feed, settings, context);
            }

            var (usageId, routingOverride) = updates.Next();
            return Step.RunAsync(UpdateUsageStep, context, async () =>
            {
                var request = new UpdateUsageRequest
                {
                    Usage = new MessagingChannelUsage.Protos.V1.MessagingChannelUsage { Id = usageId, RoutingOverride = routingOverride },
                    UpdateMask = new FieldMask { Paths = { "routing_override" } },
                };
                await admin[Messages.Slot(context) % admin.Length].UpdateAsync(
                    request, deadline: DateTime.UtcNow + settings.Deadline, cancellationToken: context.CancellationToken);
                return Response.Ok();
            });
        }), settings);
    }

    private static Task<Response> RouteInboundStepAsync(
        MessageRouter.MessageRouterClient[] clients, DataFeed<MessageTemplate> feed, ScenarioSettings settings, ScenarioContext context) =>
        Step.RunAsync(RouteInboundName, context, async () =>
        {
            var client = clients[Messages.Slot(context) % clients.Length];
            var decision = await client.RouteInboundAsync(
                Messages.Inbound(feed.Next(), Messages.MessageId(settings, context)),
                deadline: DateTime.UtcNow + settings.Deadline,
                cancellationToken: context.CancellationToken);
            return Response.Ok(ReasonTag(decision.Reason));
        });

    private static MessageRouter.MessageRouterClient[] Clients(ChannelPool pool) =>
        [.. Enumerable.Range(0, pool.Count).Select(i => new MessageRouter.MessageRouterClient(pool.For(i)))];

    internal static ScenarioDefinition Configure(ScenarioDefinition scenario, ScenarioSettings settings) =>
        scenario.WithLoadSimulations([.. settings.Load]).WithWarmUpDuration(settings.WarmUp).WithMaxInFlight(settings.MaxInFlight);

    private static string ReasonTag(RoutingReason reason) => ContractEnumNames.Of(ReasonNames, (int)reason);
}
