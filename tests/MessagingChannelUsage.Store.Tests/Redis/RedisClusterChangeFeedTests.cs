using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Caching;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.TestSupport;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Redis;

/// <summary>On a cluster the PUBLISH of a write runs on the channel's node; every instance must still hear it.</summary>
[Collection(RedisClusterTests.Name)]
public sealed class RedisClusterChangeFeedTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private readonly string prefix = RedisTestStores.NewPrefix();
    private RedisStore? a;
    private RedisStore? b;

    public async Task InitializeAsync()
    {
        a = await RedisTestStores.StartAsync(RedisTestStores.Options(cluster.Configuration, prefix));
        b = await RedisTestStores.StartAsync(RedisTestStores.Options(cluster.Configuration, prefix));
    }

    public async Task DisposeAsync()
    {
        await a!.DisposeAsync();
        await b!.DisposeAsync();
    }

    [Fact]
    public async Task WritesOnChannelsInEverySlot_InvalidateTheOtherInstancesSnapshots()
    {
        using var cacheB = new ChannelSnapshotCache(b!.States, b.Changes);
        var channels = Enumerable.Range(0, 6).Select(_ => Channel()).ToList();
        foreach (var channel in channels)
        {
            await a!.Channels.InsertAsync(channel, CancellationToken.None).WithTimeout();
            await cacheB.GetAsync(channel.Id, CancellationToken.None).WithTimeout();
        }

        foreach (var channel in channels)
        {
            await a!.Usages.InsertAsync(Usage(channel.Id, DeploymentType.Conversation), CancellationToken.None).WithTimeout();
        }

        Assert.True(await TaskTimeouts.Eventually(() => channels.TrueForAll(c => !cacheB.IsCached(c.Id))));
        foreach (var channel in channels)
        {
            Assert.Single((await cacheB.GetAsync(channel.Id, CancellationToken.None).WithTimeout())!.Usages);
        }
    }
}
