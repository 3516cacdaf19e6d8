using MessagingChannelUsage.LoadTests.Echo.V1;
using MessagingChannelUsage.LoadTests.Engine;
using MessagingChannelUsage.LoadTests.Grpc;
using MessagingChannelUsage.LoadTests.Setup;

namespace MessagingChannelUsage.LoadTests.Scenarios;

/// <summary>
/// The plain-gRPC baselines: the same data, connections, load and deadlines as the routing
/// scenarios, sent to the echo server, so each gateway number can be given as a ratio.
/// </summary>
public static class EchoScenarios
{
    public const string EchoName = "echo";
    public const string EchoStreamName = "echo_stream";

    public static ScenarioDefinition Unary(ChannelPool pool, RoutingFixture fixture, ScenarioSettings settings)
    {
        var clients = Clients(pool);
        var feed = MessageMix.Inbound(fixture, settings.UsersPerChannel, settings.Seed);
        return RoutingScenarios.Configure(ScenarioDefinition.Create(EchoName, context =>
            Step.RunAsync(EchoName, context, async () =>
            {
                var client = clients[Messages.Slot(context) % clients.Length];
                await client.EchoAsync(
                    Messages.Echo(feed.Next(), Messages.MessageId(settings, context)),
                    deadline: DateTime.UtcNow + settings.Deadline,
                    cancellationToken: context.CancellationToken);
                return Response.Ok();
            })), settings);
    }

    public static ScenarioDefinition Stream(ChannelPool pool, RoutingFixture fixture, ScenarioSettings settings)
    {
        var feed = MessageMix.Inbound(fixture, settings.UsersPerChannel, settings.Seed);
        var lifetime = new CancellationTokenSource();
        var pipes = Enumerable.Range(0, settings.Streams)
            .Select(i => new StreamPipe<EchoRequest, EchoReply>(
                token => new Echo.V1.Echo.EchoClient(pool.For(i)).EchoStream(cancellationToken: token), lifetime.Token))
            .ToArray();
        return RoutingScenarios.Configure(
            ScenarioDefinition.Create(EchoStreamName, context =>
                Step.RunAsync(EchoStreamName, context, async () =>
                {
                    var pipe = pipes[Messages.Slot(context) % pipes.Length];
                    await pipe.SendAsync(Messages.Echo(feed.Next(), Messages.MessageId(settings, context)))
                        .WaitAsync(settings.Deadline, context.CancellationToken);
                    return Response.Ok();
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

    private static Echo.V1.Echo.EchoClient[] Clients(ChannelPool pool) =>
        [.. Enumerable.Range(0, pool.Count).Select(i => new Echo.V1.Echo.EchoClient(pool.For(i)))];
}
