using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;
using Xunit.Abstractions;

namespace MessagingChannelUsage.Gateway.Tests.Usages;

/// <summary>
/// domain.md §10 "nothing committed is missed across a gateway restart or a Redis reconnect", on
/// Redis: a resume token from before a gateway restart, and a watcher through its gateway's Redis
/// connections being killed or Redis restarting (append-only file, fsync always).
/// </summary>
public sealed class WatchChangesRecoveryTests(ITestOutputHelper output)
{
    private const int Writes = 10;

    [Fact]
    public async Task AResumeTokenFromBeforeAGatewayRestart_ResumesAfterIt_WithNothingMissedOrRepeated()
    {
        await using var redis = await RedisServer.StartAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var first = await GatewayHost.StartAsync(Configuration(redis));
        string token;
        MessagingChannel channel;
        try
        {
            var channels = first.CreateClient<MessagingChannelService.MessagingChannelServiceClient>();
            channel = await channels.CreateChannelAsync(Watches.NewChannel(), Calls.Options);
            var (call, current) = await Watches.OpenAsync(first.CreateClient<MessagingChannelUsageService.MessagingChannelUsageServiceClient>(), channels, channel, stop.Token);
            using (call)
            {
                for (var k = 1; k <= Writes; k++)
                {
                    current = await channels.RelabelAsync(current, "v" + k);
                }

                // The watcher takes up to v5, remembers its token, and goes away with the gateway.
                var seen = await ReadUntilAsync(call, "v5", stop.Token);
                token = seen[^1].ResumeToken;
            }
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = await GatewayHost.StartAsync(Configuration(redis));
        var after = second.CreateClient<MessagingChannelService.MessagingChannelServiceClient>();
        var stored = await after.GetChannelAsync(new GetChannelRequest { Id = channel.Id }, Calls.Options);
        for (var k = Writes + 1; k <= 2 * Writes; k++)
        {
            stored = await after.RelabelAsync(stored, "v" + k);
        }

        var resume = new WatchChangesRequest { ResumeToken = token };
        resume.ChannelIds.Add(channel.Id);
        using var resumed = second.CreateClient<MessagingChannelUsageService.MessagingChannelUsageServiceClient>().WatchChanges(resume, cancellationToken: stop.Token);
        var rest = await ReadUntilAsync(resumed, "v" + (2 * Writes), stop.Token);

        Assert.Equal(Enumerable.Range(6, (2 * Writes) - 5).Select(k => "v" + k), Watches.Labels(rest));
    }

    [Theory]
    [InlineData("client kill")]
    [InlineData("redis restart")]
    public async Task ARedisReconnect_LosesNothingForAWatcher(string outage)
    {
        await using var redis = await RedisServer.StartAsync("--appendonly", "yes", "--appendfsync", "always");
        await using var host = await GatewayHost.StartAsync(Configuration(redis));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var channels = host.CreateClient<MessagingChannelService.MessagingChannelServiceClient>();
        var watcher = host.CreateClient<MessagingChannelUsageService.MessagingChannelUsageServiceClient>();
        var channel = await channels.CreateChannelAsync(Watches.NewChannel(), Calls.Options);
        var (call, current) = await Watches.OpenAsync(watcher, channels, channel, stop.Token);
        var reader = new ResumingReader(watcher, channel.Id, call);
        var reading = reader.ReadUntilAsync("v" + (2 * Writes), stop.Token);

        for (var k = 1; k <= Writes; k++)
        {
            current = await channels.RelabelAsync(current, "v" + k);
        }

        Assert.True(await TaskTimeouts.Eventually(() => reader.Labels.Contains("v" + Writes), TimeSpan.FromSeconds(60)));
        if (outage == "client kill")
        {
            // Every connection of the gateway: commands and the pub/sub link of the change feed.
            await redis.CliAsync("client", "kill", "type", "normal").WithTimeout();
            await redis.CliAsync("client", "kill", "type", "pubsub").WithTimeout();
        }
        else
        {
            await redis.StopAsync();
            await redis.StartAgainAsync();
        }

        for (var k = Writes + 1; k <= 2 * Writes; k++)
        {
            await channels.RelabelThroughOutageAsync(channel.Id, "v" + k);
        }

        await reading;
        output.WriteLine($"{outage}: the watcher reconnected {reader.Reconnects} time(s); failed calls: {string.Join(", ", reader.Failures.Distinct())}");
        // Redis away is the server's trouble, said as such: UNAVAILABLE, never INTERNAL or UNKNOWN.
        Assert.All(reader.Failures, status => Assert.Equal(StatusCode.Unavailable, status));
        Assert.Equal(Enumerable.Range(1, 2 * Writes).Select(k => "v" + k), reader.Labels.Where(l => l != "probe"));
    }

    private static Dictionary<string, string?> Configuration(RedisServer redis) => new()
    {
        ["Store:Kind"] = "Redis",
        ["Store:RedisConnectionString"] = redis.Endpoint,
    };

    /// <summary>Reads the call until an event with MasterLabel <paramref name="label"/>; "probe" events are skipped.</summary>
    private static async Task<List<ChangeEvent>> ReadUntilAsync(AsyncServerStreamingCall<ChangeEvent> call, string label, CancellationToken cancellationToken)
    {
        var events = new List<ChangeEvent>();
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            var change = call.ResponseStream.Current;
            if (change.Channel.MasterLabel != "probe")
            {
                events.Add(change);
            }

            if (change.Channel.MasterLabel == label)
            {
                return events;
            }
        }

        throw new InvalidOperationException($"The watch ended before {label}.");
    }

    /// <summary>A watcher as a client should write one: when its call fails, it watches again from its last token.</summary>
    private sealed class ResumingReader(MessagingChannelUsageService.MessagingChannelUsageServiceClient watcher, string channelId, AsyncServerStreamingCall<ChangeEvent> first)
    {
        private readonly List<string> labels = [];
        private string? token;

        public int Reconnects { get; private set; }

        /// <summary>The status of each failed call (read after the reader finished).</summary>
        public List<StatusCode> Failures { get; } = [];

        public IReadOnlyList<string> Labels
        {
            get
            {
                lock (labels)
                {
                    return [.. labels];
                }
            }
        }

        public async Task ReadUntilAsync(string label, CancellationToken cancellationToken)
        {
            var call = first;
            while (true)
            {
                try
                {
                    using (call)
                    {
                        while (await call.ResponseStream.MoveNext(cancellationToken))
                        {
                            var change = call.ResponseStream.Current;
                            token = change.ResumeToken;
                            lock (labels)
                            {
                                labels.Add(change.Channel.MasterLabel);
                            }

                            if (change.Channel.MasterLabel == label)
                            {
                                return;
                            }
                        }
                    }
                }
                catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
                {
                    // The gateway could not read the change log (Redis away): watch again from the last token.
                    Failures.Add(e.StatusCode);
                }

                Reconnects++;
                await Task.Delay(100, cancellationToken);
                var request = new WatchChangesRequest { ResumeToken = token ?? string.Empty };
                request.ChannelIds.Add(channelId);
                call = watcher.WatchChanges(request, cancellationToken: cancellationToken);
            }
        }
    }
}
