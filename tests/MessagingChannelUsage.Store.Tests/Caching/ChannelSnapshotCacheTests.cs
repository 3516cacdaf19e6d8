using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Caching;
using MessagingChannelUsage.Store.Memory;
using MessagingChannelUsage.TestSupport;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Caching;

/// <summary>The near cache over the in-memory store (Redis-specific behaviour: RedisChannelSnapshotCacheTests).</summary>
public sealed class ChannelSnapshotCacheTests : IDisposable
{
    private readonly MemoryStore store = new();
    private readonly GatedStateReader reader;
    private readonly ChannelSnapshotCache cache;

    public ChannelSnapshotCacheTests()
    {
        reader = new GatedStateReader(store.States);
        reader.Open();
        cache = new ChannelSnapshotCache(reader, store.Changes);
    }

    public void Dispose() => cache.Dispose();

    [Fact]
    public async Task Get_SecondTime_IsServedSynchronouslyFromTheCache()
    {
        var channel = await NewChannelAsync();
        var first = await cache.GetAsync(channel.Id, CancellationToken.None).WithTimeout();

        var second = cache.GetAsync(channel.Id, CancellationToken.None);

        Assert.True(second.IsCompletedSuccessfully);
        Assert.Same(first, await second);
        Assert.Equal(1, reader.Loads);
    }

    [Fact]
    public async Task Get_ConcurrentMisses_ShareOneLoad()
    {
        var channel = await NewChannelAsync();
        reader.Close();

        var gets = Enumerable.Range(0, 16).Select(_ => Task.Run(() => cache.GetAsync(channel.Id, CancellationToken.None).AsTask())).ToList();
        await reader.LoadStarted.Task.WithTimeout();
        reader.Open();
        var snapshots = await Task.WhenAll(gets).WithTimeout();

        Assert.Equal(1, reader.Loads);
        Assert.All(snapshots, s => Assert.Same(snapshots[0], s));
        Assert.Equal(channel.Id, snapshots[0]!.ChannelId);
    }

    [Fact]
    public async Task Get_AfterAUsageWrite_SeesTheNewUsage()
    {
        var channel = await NewChannelAsync();
        var before = await cache.GetAsync(channel.Id, CancellationToken.None).WithTimeout();
        await store.Usages.InsertAsync(Usage(channel.Id, DeploymentType.Conversation), CancellationToken.None).WithTimeout();

        var after = await cache.GetAsync(channel.Id, CancellationToken.None).WithTimeout();

        Assert.Empty(before!.Usages);
        Assert.True(after!.ConversationActive);
        Assert.True(after.Version > before.Version);
    }

    [Fact]
    public async Task Get_LoadThatReadAnOlderVersion_IsServedButNotCached()
    {
        var channel = await NewChannelAsync();
        reader.Close();
        var staleGet = cache.GetAsync(channel.Id, CancellationToken.None).AsTask();
        await reader.LoadStarted.Task.WithTimeout();

        // A write lands (and is announced) while the load that read the old state is in flight.
        await store.Usages.InsertAsync(Usage(channel.Id, DeploymentType.MJ), CancellationToken.None).WithTimeout();
        reader.Open();
        var stale = await staleGet.WithTimeout();

        Assert.Empty(stale!.Usages);
        Assert.False(cache.IsCached(channel.Id));
        var fresh = await cache.GetAsync(channel.Id, CancellationToken.None).WithTimeout();
        Assert.Single(fresh!.Usages);
    }

    [Fact]
    public async Task Get_UnknownChannel_IsCachedAsAbsentUntilItIsCreated()
    {
        var channel = Channel();

        Assert.Null(await cache.GetAsync(channel.Id, CancellationToken.None).WithTimeout());
        Assert.Null(await cache.GetAsync(channel.Id, CancellationToken.None).WithTimeout());
        Assert.Equal(1, reader.Loads);

        await store.Channels.InsertAsync(channel, CancellationToken.None).WithTimeout();

        Assert.Equal(channel.Id, (await cache.GetAsync(channel.Id, CancellationToken.None).WithTimeout())!.ChannelId);
    }

    [Fact]
    public async Task Get_FloodOfUnknownIds_CachesAtMostTheAbsentLimit()
    {
        for (var i = 0; i < ChannelSnapshotCache.MaxAbsentEntries + 50; i++)
        {
            Assert.Null(await cache.GetAsync("0Mj" + i.ToString("D15", System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None).WithTimeout());
        }

        Assert.Equal(ChannelSnapshotCache.MaxAbsentEntries, cache.Count);
        var channel = await NewChannelAsync();
        await cache.GetAsync(channel.Id, CancellationToken.None).WithTimeout();
        Assert.True(cache.IsCached(channel.Id));
    }

    [Fact]
    public async Task Change_WithoutChannelId_FlushesEveryEntry()
    {
        var feed = new InProcessChangeFeed();
        using var isolated = new ChannelSnapshotCache(store.States, feed);
        var a = await NewChannelAsync();
        var b = await NewChannelAsync();
        await isolated.GetAsync(a.Id, CancellationToken.None).WithTimeout();
        await isolated.GetAsync(b.Id, CancellationToken.None).WithTimeout();

        feed.Publish(new ChannelChange(null, 0));

        Assert.False(isolated.IsCached(a.Id));
        Assert.False(isolated.IsCached(b.Id));
    }

    [Fact]
    public async Task Flush_ForgetsAnnouncedVersions_SoAStoreThatRestartedAtVersionOneIsCachedAgain()
    {
        var feed = new InProcessChangeFeed();
        using var isolated = new ChannelSnapshotCache(store.States, feed);
        var channel = await NewChannelAsync();
        feed.Publish(new ChannelChange(channel.Id, 1_000));
        await isolated.GetAsync(channel.Id, CancellationToken.None).WithTimeout();
        Assert.False(isolated.IsCached(channel.Id));

        feed.Publish(new ChannelChange(null, 0));
        await isolated.GetAsync(channel.Id, CancellationToken.None).WithTimeout();

        Assert.True(isolated.IsCached(channel.Id));
    }

    [Fact]
    public async Task Change_OlderThanTheCachedSnapshot_KeepsTheEntry()
    {
        var feed = new InProcessChangeFeed();
        using var isolated = new ChannelSnapshotCache(store.States, feed);
        var channel = await NewChannelAsync();
        await store.Usages.InsertAsync(Usage(channel.Id, DeploymentType.MJ), CancellationToken.None).WithTimeout();
        var snapshot = await isolated.GetAsync(channel.Id, CancellationToken.None).WithTimeout();

        feed.Publish(new ChannelChange(channel.Id, snapshot!.Version - 1));
        Assert.True(isolated.IsCached(channel.Id));

        feed.Publish(new ChannelChange(channel.Id, snapshot.Version + 1));
        Assert.False(isolated.IsCached(channel.Id));
    }

    [Fact]
    public async Task Get_WhenTheLoadFails_ReportsTheFailureToEveryWaiterAndCachesNothing()
    {
        using var failing = new ChannelSnapshotCache(new FailingReader(), store.Changes);
        var id = SalesforceId.NewId(KeyPrefixes.MessagingChannel);

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.GetAsync(id, CancellationToken.None).AsTask()).WithTimeout();

        Assert.False(failing.IsCached(id));
    }

    private async Task<MessagingChannel> NewChannelAsync()
    {
        var channel = Channel();
        await store.Channels.InsertAsync(channel, CancellationToken.None).WithTimeout();
        return channel;
    }

    private sealed class FailingReader : IChannelStateReader
    {
        public Task<ChannelState?> LoadAsync(string channelId, CancellationToken cancellationToken) =>
            Task.FromException<ChannelState?>(new InvalidOperationException("store down"));
    }
}
