using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;
using Domain = MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Tests.Usages;

/// <summary>
/// WatchChanges (domain.md §10) through real gateways: 1,000 concurrent channel writes sent to two
/// gateway instances (one instance on the in-memory store, which is single-instance), watched on
/// both, one watcher disconnecting a third of the way and resuming from its last token.
/// </summary>
public abstract class WatchChangesTestsBase : IAsyncLifetime
{
    private const int ChannelCount = 20;
    private const int UpdatesPerChannel = 50;
    private readonly List<GatewayHost> hosts = [];

    protected abstract Task<IReadOnlyDictionary<string, string?>> ConfigurationAsync();

    /// <summary>Gateway instances sharing one state (one for the in-memory store).</summary>
    protected abstract int InstanceCount { get; }

    public async Task InitializeAsync()
    {
        // A thousand admin writes at once from one caller: the per-caller admin limit
        // (Security:Limits:AdminPerSecond, 200/s by default) is not what these tests are about.
        var configuration = new Dictionary<string, string?>(await ConfigurationAsync()) { ["Security:Limits:AdminPerSecond"] = "0" };
        for (var i = 0; i < InstanceCount; i++)
        {
            hosts.Add(await GatewayHost.StartAsync(configuration));
        }
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task AThousandConcurrentWritesOnTwoGateways_AreSeenOnceEachInChannelOrder_ByEveryWatcher_AlsoOneThatResumes()
    {
        var created = new List<MessagingChannel>();
        for (var n = 0; n < ChannelCount; n++)
        {
            created.Add(await Channels(n).CreateChannelAsync(Watches.NewChannel(), Calls.Options));
        }

        var request = new WatchChangesRequest();
        request.ChannelIds.AddRange(created.Select(c => c.Id));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var expected = ChannelCount * UpdatesPerChannel;
        var steady = ReadAsync(Watcher(0), request, expected, stop.Token);
        var other = ReadAsync(Watcher(1), request, expected, stop.Token);
        var resuming = ReadResumingAsync(request, expected, stop.Token);
        await Task.Delay(200); // let the watches open: a watch from now sees what is committed after it opened

        await Task.WhenAll(created.Select(async (channel, n) =>
        {
            var current = channel;
            for (var k = 1; k <= UpdatesPerChannel; k++)
            {
                var next = current.Clone();
                next.MasterLabel = "v" + k;
                current = await Channels(n + k).UpdateChannelAsync(next, Calls.Options);
            }
        })).WaitAsync(TimeSpan.FromSeconds(120));

        foreach (var events in new[] { await steady, await other, await resuming })
        {
            Assert.Equal(expected, events.Count);
            Assert.All(events, e => Assert.Equal(ChangeType.Updated, e.ChangeType));
            foreach (var channel in created)
            {
                var labels = events.Where(e => e.Channel.Id == channel.Id).Select(e => e.Channel.MasterLabel);
                Assert.Equal(Enumerable.Range(1, UpdatesPerChannel).Select(k => "v" + k), labels);
            }
        }
    }

    [Fact]
    public async Task ALifecycleStep_IsOneLifecycleEventNamingDeploymentStatus()
    {
        var channel = await Channels(0).CreateChannelAsync(Watches.NewChannel(), Calls.Options);
        var request = new WatchChangesRequest();
        request.ChannelIds.Add(channel.Id);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watch = ReadAsync(Watcher(0), request, 2, stop.Token);
        await Task.Delay(200);
        var usages = hosts[0].CreateClient<MessagingChannelUsageService.MessagingChannelUsageServiceClient>();
        var usage = await usages.CreateAsync(new Protos.V1.MessagingChannelUsage { MessagingChannelId = channel.Id, DeploymentType = DeploymentType.Conversation }, Calls.Options);
        await hosts[0].CreateClient<ChannelDeploymentService.ChannelDeploymentServiceClient>()
            .ActivateAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options);

        var events = await watch;

        Assert.Equal(ChangeType.Created, events[0].ChangeType);
        Assert.Equal(usage.Id, events[0].Usage.Id);
        Assert.Equal(ChangeType.Lifecycle, events[1].ChangeType);
        Assert.Contains("DeploymentStatus", events[1].ChangedFields);
    }

    [Fact]
    public async Task AResumeTokenThatIsNotOne_IsInvalidArgumentInvalidReplayId()
    {
        var call = Watcher(0).WatchChanges(new WatchChangesRequest { ResumeToken = "not-a-token" }, Calls.Options);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("INVALID_REPLAY_ID", Calls.Details(error).Info!.Reason);
    }

    private MessagingChannelService.MessagingChannelServiceClient Channels(int n)
        => hosts[n % hosts.Count].CreateClient<MessagingChannelService.MessagingChannelServiceClient>();

    private MessagingChannelUsageService.MessagingChannelUsageServiceClient Watcher(int n)
        => hosts[n % hosts.Count].CreateClient<MessagingChannelUsageService.MessagingChannelUsageServiceClient>();

    /// <summary>Reads a third of the events, drops the call, and watches again from the last token on the other instance.</summary>
    private async Task<List<ChangeEvent>> ReadResumingAsync(WatchChangesRequest request, int expected, CancellationToken cancellationToken)
    {
        var first = await ReadAsync(Watcher(0), request, expected / 3, cancellationToken);
        var resumed = request.Clone();
        resumed.ResumeToken = first[^1].ResumeToken;
        var rest = await ReadAsync(Watcher(1), resumed, expected - first.Count, cancellationToken);
        return [.. first, .. rest];
    }

    /// <summary>Reads <paramref name="count"/> events, then closes the call.</summary>
    private static async Task<List<ChangeEvent>> ReadAsync(
        MessagingChannelUsageService.MessagingChannelUsageServiceClient client, WatchChangesRequest request, int count, CancellationToken cancellationToken)
    {
        using var call = client.WatchChanges(request, cancellationToken: cancellationToken);
        var events = new List<ChangeEvent>(count);
        while (events.Count < count && await call.ResponseStream.MoveNext(cancellationToken))
        {
            events.Add(call.ResponseStream.Current);
        }

        return events;
    }
}

public sealed class MemoryWatchChangesTests : WatchChangesTestsBase
{
    protected override int InstanceCount => 1;

    protected override Task<IReadOnlyDictionary<string, string?>> ConfigurationAsync()
        => Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?> { ["Store:Kind"] = "Memory", ["Gateway:SeedDemoData"] = "false" });
}

public sealed class RedisWatchChangesTests : WatchChangesTestsBase
{
    private RedisServer? redis;

    protected override int InstanceCount => 2;

    protected override async Task<IReadOnlyDictionary<string, string?>> ConfigurationAsync()
    {
        redis = await RedisServer.StartAsync();
        return new Dictionary<string, string?> { ["Store:Kind"] = "Redis", ["Store:RedisConnectionString"] = redis.Endpoint };
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await redis!.DisposeAsync();
    }
}

public sealed class RedisClusterWatchChangesTests : WatchChangesTestsBase, IClassFixture<RedisClusterFixture>
{
    private readonly RedisClusterFixture cluster;

    public RedisClusterWatchChangesTests(RedisClusterFixture cluster) => this.cluster = cluster;

    protected override int InstanceCount => 2;

    protected override Task<IReadOnlyDictionary<string, string?>> ConfigurationAsync()
        => Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["Store:Kind"] = "Redis",
            ["Store:RedisConnectionString"] = cluster.Configuration,
            ["Store:RedisKeyPrefix"] = "w" + Guid.NewGuid().ToString("N")[..8],
        });
}
