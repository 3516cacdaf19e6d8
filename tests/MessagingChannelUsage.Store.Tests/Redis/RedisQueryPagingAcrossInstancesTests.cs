using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Query;
using MessagingChannelUsage.Store.Query;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.TestSupport;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Redis;

/// <summary>A query started on one gateway instance is continued on another (one Redis, two stores).</summary>
[Collection(RedisServerTests.Name)]
public sealed class RedisQueryPagingAcrossInstancesTests(RedisServerFixture redis) : IAsyncLifetime
{
    private static readonly QueryOptions FinePaging = new() { MinBatchSize = 1 };
    private RedisStore? first;
    private RedisStore? second;

    public async Task InitializeAsync()
    {
        var prefix = RedisTestStores.NewPrefix();
        first = await RedisTestStores.StartAsync(RedisTestStores.Options(redis.Endpoint, prefix));
        second = await RedisTestStores.StartAsync(RedisTestStores.Options(redis.Endpoint, prefix));
    }

    public async Task DisposeAsync()
    {
        await first!.DisposeAsync();
        await second!.DisposeAsync();
    }

    [Fact]
    public async Task QueryMore_OnAnotherInstance_ReturnsTheNextPageOfTheSameResult()
    {
        var channel = Channel();
        await first!.Channels.InsertAsync(channel, CancellationToken.None).WithTimeout();
        var usages = new[] { DeploymentType.Conversation, DeploymentType.MessagingEngagement, DeploymentType.MJ }.Select(t => Usage(channel.Id, t)).ToList();
        foreach (var usage in usages)
        {
            await first.Usages.InsertAsync(usage, CancellationToken.None).WithTimeout();
        }

        var soql = SoqlParser.Parse("SELECT Id FROM MessagingChannelUsage ORDER BY Id");
        var page1 = await new UsageQueryPager(first.Usages, first.QuerySnapshots, TimeSpan.FromHours(1), FinePaging).QueryAsync(soql, 2, CancellationToken.None).WithTimeout();
        var page2 = await new UsageQueryPager(second!.Usages, second.QuerySnapshots, TimeSpan.FromHours(1), FinePaging).QueryMoreAsync(page1.NextCursor!, 2, CancellationToken.None).WithTimeout();

        var expected = usages.Select(u => u.Id).Order(StringComparer.OrdinalIgnoreCase);
        Assert.Equal(expected, page1.Records.Concat(page2.Records).Select(r => r.Id));
        Assert.True(page2.Done);
    }
}
