using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Query;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Query;
using Microsoft.Extensions.DependencyInjection;

namespace MessagingChannelUsage.Gateway.Tests.Admin;

/// <summary>
/// gRPC Query paging reads from the query snapshot: a record written between pages neither comes
/// twice nor goes missing. The gateway here pages by one row (Salesforce's minimum is 200).
/// </summary>
public sealed class QueryPagingTests : IAsyncLifetime
{
    private GatewayHost? host;

    public async Task InitializeAsync() => host = await GatewayHost.StartAsync(
        new Dictionary<string, string?> { ["Store:Kind"] = "Memory", ["Gateway:SeedDemoData"] = "false" },
        services => services.AddSingleton(sp => new UsageQueryPager(
            sp.GetRequiredService<IUsageRepository>(),
            sp.GetRequiredService<IQuerySnapshotStore>(),
            TimeSpan.FromMinutes(15),
            new QueryOptions { MinBatchSize = 1 })));

    public async Task DisposeAsync() => await host!.DisposeAsync();

    [Fact]
    public async Task Query_WithAnUpdateBetweenPages_ReturnsEveryRecordExactlyOnce()
    {
        var api = new AdminApi(host!);
        var channel = await api.CreateChannelAsync();
        var created = new List<Protos.V1.MessagingChannelUsage>();
        foreach (var type in new[] { DeploymentType.Conversation, DeploymentType.MessagingEngagement, DeploymentType.Mj })
        {
            created.Add(await api.CreateUsageAsync(channel.Id, type));
        }

        var soql = $"SELECT Id FROM MessagingChannelUsage WHERE MessagingChannelId = '{channel.Id}' ORDER BY SystemModstamp DESC, Id";
        var first = await api.Usages.QueryAsync(new QueryRequest { Soql = soql, BatchSize = 1 }, Calls.Options);
        // The oldest record is written now, so a re-run query would put it first (already read).
        var oldest = created.OrderBy(u => u.SystemModstamp.ToDateTimeOffset()).ThenBy(u => u.Id, StringComparer.OrdinalIgnoreCase).First();
        oldest.ConsentType = ConsentType.ExplicitOptIn;
        await api.UpdateAsync(oldest, "ConsentType");
        var pages = new List<QueryResponse> { first };
        while (!pages[^1].Done)
        {
            Assert.True(pages.Count < 10, "paging does not end");
            pages.Add(await api.Usages.QueryAsync(new QueryRequest { PageToken = pages[^1].NextPageToken, BatchSize = 1 }, Calls.Options));
        }

        var ids = pages.SelectMany(p => p.Records).Select(r => r.Id).ToList();
        Assert.Equal(created.Select(u => u.Id).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.Equal(3, pages.Count);
        Assert.All(pages, p => Assert.Equal(3, p.TotalSize));
        Assert.Matches("^01g[0-9A-Za-z]{15}-1$", first.NextPageToken);
    }

    [Fact]
    public async Task Query_WithAnUnknownLocator_IsInvalidArgumentInvalidQueryLocator()
    {
        var api = new AdminApi(host!);

        var failure = await AdminApi.FailsAsync(() => api.Usages.QueryAsync(new QueryRequest { PageToken = QueryLocator.Format(QueryLocator.NewSnapshotId(), 5) }, Calls.Options));

        failure.Is(StatusCode.InvalidArgument, "INVALID_QUERY_LOCATOR");
    }
}
