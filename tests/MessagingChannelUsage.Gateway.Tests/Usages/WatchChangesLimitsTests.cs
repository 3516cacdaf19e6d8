using Grpc.Core;
using Grpc.Core.Interceptors;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Gateway.Tests.Reliability;
using MessagingChannelUsage.Gateway.Tests.Security;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;
using Xunit.Abstractions;

namespace MessagingChannelUsage.Gateway.Tests.Usages;

/// <summary>
/// WatchChanges is bounded (issue 14): at most Gateway:MaxWatchersPerCaller calls per caller, and a
/// watcher that stops reading is held by HTTP/2 flow control instead of being buffered for.
/// </summary>
public sealed class WatchChangesLimitsTests(ITestOutputHelper output)
{
    private const int MaxWatchers = 2;

    [Fact]
    public async Task OneWatchMoreThanTheCap_IsResourceExhausted_AndClosingOneFreesASlot()
    {
        await using var host = await StartAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var channels = host.CreateClient<MessagingChannelService.MessagingChannelServiceClient>();
        var watcher = host.CreateClient<MessagingChannelUsageService.MessagingChannelUsageServiceClient>();
        var channel = await channels.CreateChannelAsync(Watches.NewChannel(), Calls.Options);
        var (first, current) = await Watches.OpenAsync(watcher, channels, channel, stop.Token);
        var (second, latest) = await Watches.OpenAsync(watcher, channels, current, stop.Token);
        var secondToken = second.ResponseStream.Current.ResumeToken;
        // A change after that token, so a watch resuming from it has something to deliver at once.
        await channels.RelabelAsync(latest, "after");

        using (var over = Watch(watcher, channel.Id, secondToken, stop.Token))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => over.ResponseStream.MoveNext(stop.Token));
            Assert.Equal((StatusCode.ResourceExhausted, "REQUEST_LIMIT_EXCEEDED"), (refused.StatusCode, Calls.Details(refused).Info!.Reason));
        }

        first.Dispose();
        // The gateway frees the slot when it sees the cancellation: watch again until it has.
        AsyncServerStreamingCall<ChangeEvent>? third = null;
        var admitted = await TaskTimeouts.EventuallyAsync(async () =>
        {
            third?.Dispose();
            third = Watch(watcher, channel.Id, secondToken, stop.Token);
            try
            {
                return await third.ResponseStream.MoveNext(stop.Token);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60));

        Assert.True(admitted);
        Assert.Equal(channel.Id, third!.ResponseStream.Current.Channel.Id);
        third.Dispose();
        second.Dispose();
    }

    [Fact]
    public async Task TheCap_CountsPerAuthenticatedCaller_NotPerAddress()
    {
        using var tokens = new TestTokenIssuer();
        var settings = tokens.GatewaySettings();
        settings["Store:Kind"] = "Memory";
        settings["Gateway:MaxWatchersPerCaller"] = "1";
        settings["Security:Limits:AdminPerSecond"] = "0";
        await using var host = await GatewayHost.StartAsync(settings);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var alice = host.Channel.Intercept(headers => With(headers, tokens.Mint("alice", SecuredGatewayFixture.AllScopes)));
        var bob = host.Channel.Intercept(headers => With(headers, tokens.Mint("bob", SecuredGatewayFixture.AllScopes)));
        var channels = new MessagingChannelService.MessagingChannelServiceClient(alice);
        var channel = await channels.CreateChannelAsync(Watches.NewChannel(), Calls.Options);
        var (alices, current) = await Watches.OpenAsync(new MessagingChannelUsageService.MessagingChannelUsageServiceClient(alice), channels, channel, stop.Token);
        var aliceToken = alices.ResponseStream.Current.ResumeToken;

        // Same address, another identity: bob has his own slot while alice's only one is taken.
        var (bobs, _) = await Watches.OpenAsync(new MessagingChannelUsageService.MessagingChannelUsageServiceClient(bob), channels, current, stop.Token);
        using (var over = Watch(new MessagingChannelUsageService.MessagingChannelUsageServiceClient(alice), channel.Id, aliceToken, stop.Token))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => over.ResponseStream.MoveNext(stop.Token));
            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        }

        Assert.Equal(channel.Id, bobs.ResponseStream.Current.Channel.Id);
        bobs.Dispose();
        alices.Dispose();

        static Metadata With(Metadata headers, string token)
        {
            headers.Add("authorization", "Bearer " + token);
            return headers;
        }
    }

    [Fact]
    public async Task AWatcherThatStopsReading_IsHeldByFlowControl_NotBufferedFor_AndLaterGetsEverything()
    {
        const int Updates = 1_000;
        await using var host = await StartAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(300));
        // The events this gateway's watches took from the change log.
        using var handed = new InstrumentSum(host.Services, "MessagingChannelUsage.Gateway", "mcu.gateway.watch_changes.events");
        var channels = host.CreateClient<MessagingChannelService.MessagingChannelServiceClient>();
        var watcher = host.CreateClient<MessagingChannelUsageService.MessagingChannelUsageServiceClient>();
        // Large records (four 1,000-character texts): a few KiB per event, so 1,000 events are far
        // more than the HTTP/2 windows and server buffers between the watch and the watcher.
        var big = Watches.NewChannel();
        big.OptInPrompt = big.DoubleOptInPrompt = big.OptInConfirmation = big.HelpResponse = new string('x', 1000);
        var channel = await channels.CreateChannelAsync(big, Calls.Options);
        var (call, current) = await Watches.OpenAsync(watcher, channels, channel, stop.Token);
        using (call)
        {
            // The watcher reads nothing more while the channel changes a thousand times.
            for (var k = 1; k <= Updates; k++)
            {
                current = await channels.RelabelAsync(current, "v" + k);
            }

            var stalled = await WhenSteadyAsync(handed, stop.Token);
            var events = new List<ChangeEvent>();
            while (!events.Exists(e => e.Channel.MasterLabel == "v" + Updates) && await call.ResponseStream.MoveNext(stop.Token))
            {
                events.Add(call.ResponseStream.Current);
            }

            // The bound: one store batch, plus what fits in the watcher's HTTP/2 stream window
            // (64 KiB) and the server's output buffers, taken generously as 1 MiB.
            var eventBytes = events[^1].CalculateSize();
            var bound = 100 + ((64 * 1024) + (1024 * 1024)) / eventBytes;
            output.WriteLine($"Not reading: the gateway handed {stalled} events of {events.Count + 1} ({eventBytes} B each, ≈ {stalled * eventBytes / 1024} KiB) before flow control held it; bound {bound}.");
            Assert.InRange(stalled, 1, bound);
            Assert.True(bound < Updates);
            Assert.Equal(Enumerable.Range(1, Updates).Select(k => "v" + k), Watches.Labels(events).Where(l => l != "probe"));
        }
    }

    private static Task<GatewayHost> StartAsync() => GatewayHost.StartAsync(new Dictionary<string, string?>
    {
        ["Store:Kind"] = "Memory",
        ["Gateway:SeedDemoData"] = "false",
        ["Gateway:MaxWatchersPerCaller"] = MaxWatchers.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Security:Limits:AdminPerSecond"] = "0",
    });

    private static AsyncServerStreamingCall<ChangeEvent> Watch(
        MessagingChannelUsageService.MessagingChannelUsageServiceClient watcher, string channelId, string resumeToken, CancellationToken cancellationToken)
    {
        var request = new WatchChangesRequest { ResumeToken = resumeToken };
        request.ChannelIds.Add(channelId);
        return watcher.WatchChanges(request, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The count once it stopped moving (the same on three looks half a second apart): a watch held
    /// by flow control hands nothing more, one buffering for its watcher would run on.
    /// </summary>
    private static async Task<long> WhenSteadyAsync(InstrumentSum count, CancellationToken cancellationToken)
    {
        var last = -1L;
        for (var same = 0; same < 3;)
        {
            await Task.Delay(500, cancellationToken);
            var now = count.Value;
            same = now == last ? same + 1 : 0;
            last = now;
        }

        return last;
    }
}
