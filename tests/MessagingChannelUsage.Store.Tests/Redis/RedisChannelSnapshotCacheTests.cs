using System.Diagnostics;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Caching;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.Store.Tests.Caching;
using MessagingChannelUsage.TestSupport;
using Xunit.Abstractions;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Redis;

/// <summary>
/// The near cache over Redis with two "gateway instances": two stores (two multiplexers) and two
/// caches on one Redis and one key prefix.
/// </summary>
[Collection(RedisServerTests.Name)]
public sealed class RedisChannelSnapshotCacheTests(RedisServerFixture redis, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string prefix = RedisTestStores.NewPrefix();
    private RedisStore? a;
    private RedisStore? b;

    private RedisStore A => a!;

    private RedisStore B => b!;

    public async Task InitializeAsync()
    {
        a = await RedisTestStores.StartAsync(RedisTestStores.Options(redis.Endpoint, prefix));
        b = await RedisTestStores.StartAsync(RedisTestStores.Options(redis.Endpoint, prefix));
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }

    [Fact]
    public async Task WriteOnOneInstance_InvalidatesTheOtherInstancesSnapshot()
    {
        var channel = Channel();
        await A.Channels.InsertAsync(channel, CancellationToken.None).WithTimeout();
        using var cacheB = new ChannelSnapshotCache(B.States, B.Changes);
        var before = await cacheB.GetAsync(channel.Id, CancellationToken.None).WithTimeout();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = B.Changes.Subscribe(change =>
        {
            if (change.ChannelId == channel.Id && change.Version > before!.Version)
            {
                seen.TrySetResult();
            }
        });

        var clock = Stopwatch.StartNew();
        await A.Usages.InsertAsync(Usage(channel.Id, DeploymentType.Conversation), CancellationToken.None).WithTimeout();
        await seen.Task.WithTimeout();
        output.WriteLine($"Invalidation reached the other instance {clock.Elapsed.TotalMilliseconds:F1} ms after the write started (informational).");

        Assert.True(await TaskTimeouts.Eventually(() => !cacheB.IsCached(channel.Id)));
        var after = await cacheB.GetAsync(channel.Id, CancellationToken.None).WithTimeout();
        Assert.Single(after!.Usages);
        Assert.True(after.Version > before!.Version);
    }

    [Fact]
    public async Task ConcurrentMisses_ShareOneRedisLoad()
    {
        var channel = Channel();
        await A.Channels.InsertAsync(channel, CancellationToken.None).WithTimeout();
        var reader = new GatedStateReader(B.States);
        using var cache = new ChannelSnapshotCache(reader, B.Changes);

        var gets = Enumerable.Range(0, 16).Select(_ => Task.Run(() => cache.GetAsync(channel.Id, CancellationToken.None).AsTask())).ToList();
        await reader.LoadStarted.Task.WithTimeout();
        reader.Open();
        var snapshots = await Task.WhenAll(gets).WithTimeout();

        Assert.Equal(1, reader.Loads);
        Assert.All(snapshots, s => Assert.Same(snapshots[0], s));
    }

    [Fact]
    public async Task LoadOverlappingAWriteFromAnotherInstance_DoesNotCacheTheOlderVersion()
    {
        var channel = Channel();
        await A.Channels.InsertAsync(channel, CancellationToken.None).WithTimeout();
        var reader = new GatedStateReader(B.States);
        using var cache = new ChannelSnapshotCache(reader, B.Changes);
        var announced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = B.Changes.Subscribe(change =>
        {
            if (change.ChannelId == channel.Id && change.Version >= 2)
            {
                announced.TrySetResult();
            }
        });
        var staleGet = cache.GetAsync(channel.Id, CancellationToken.None).AsTask();
        await reader.LoadStarted.Task.WithTimeout();

        await A.Usages.InsertAsync(Usage(channel.Id, DeploymentType.MJ), CancellationToken.None).WithTimeout();
        await announced.Task.WithTimeout();
        reader.Open();
        var stale = await staleGet.WithTimeout();

        Assert.Equal(1, stale!.Version);
        Assert.False(cache.IsCached(channel.Id));
        reader.Close();
        reader.Open();
        Assert.Single((await cache.GetAsync(channel.Id, CancellationToken.None).WithTimeout())!.Usages);
    }

    [Fact]
    public async Task LostPubSubConnection_FlushesTheCache()
    {
        var channel = Channel();
        await A.Channels.InsertAsync(channel, CancellationToken.None).WithTimeout();
        using var cache = new ChannelSnapshotCache(B.States, B.Changes);
        await cache.GetAsync(channel.Id, CancellationToken.None).WithTimeout();
        Assert.True(cache.IsCached(channel.Id));

        await redis.Server.CliAsync("client", "kill", "type", "pubsub").WithTimeout();

        Assert.True(await TaskTimeouts.Eventually(() => !cache.IsCached(channel.Id)));
    }

    [Fact]
    public async Task AfterTheSubscriptionIsRestored_ChangesFlowAgain()
    {
        var channel = Channel();
        await A.Channels.InsertAsync(channel, CancellationToken.None).WithTimeout();
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        B.Multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == StackExchange.Redis.ConnectionType.Subscription)
            {
                restored.TrySetResult();
            }
        };
        await redis.Server.CliAsync("client", "kill", "type", "pubsub").WithTimeout();
        await restored.Task.WithTimeout();
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = B.Changes.Subscribe(change =>
        {
            if (change.ChannelId == channel.Id)
            {
                heard.TrySetResult();
            }
        });

        // The subscription may come back a moment after the connection: write until B hears one.
        var heardIt = await TaskTimeouts.EventuallyAsync(async () =>
        {
            var current = (await A.Channels.GetAsync(channel.Id, CancellationToken.None))!;
            await A.Channels.ReplaceAsync(current with { SystemModstamp = current.SystemModstamp.AddTicks(1) }, current.SystemModstamp, CancellationToken.None);
            return await Task.WhenAny(heard.Task, Task.Delay(100)) == heard.Task;
        });

        Assert.True(heardIt);
    }

    [Fact]
    public async Task ChangeMessage_CarriesChannelIdAndVersion()
    {
        var channel = Channel();
        var received = new TaskCompletionSource<ChannelChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = B.Changes.Subscribe(change =>
        {
            if (change.ChannelId == channel.Id)
            {
                received.TrySetResult(change);
            }
        });

        await A.Channels.InsertAsync(channel, CancellationToken.None).WithTimeout();

        Assert.Equal(new ChannelChange(channel.Id, 1), await received.Task.WithTimeout());
    }
}
