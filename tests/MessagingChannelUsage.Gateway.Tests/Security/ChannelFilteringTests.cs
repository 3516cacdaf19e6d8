using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>A caller limited to some channels never sees rows of the others: queries, counts, lists, stream items.</summary>
[Collection(SecuredGateway.Name)]
public sealed class ChannelFilteringTests(SecuredGatewayFixture fixture)
{
    [Fact]
    public async Task Query_ByALimitedCaller_ShowsOnlyItsChannelsRows_AndCountsOnlyThem()
    {
        var own = await fixture.Channels.BothActiveAsync(null);
        var foreign = await fixture.Channels.BothActiveAsync(null);
        var limited = SecuredGatewayFixture.Bearer(fixture.Tokens.Mint("svc-own", "messaging.read", channels: own.Id));
        var usages = fixture.CreateClient<MessagingChannelUsageService.MessagingChannelUsageServiceClient>();
        var inList = $"('{own.Id}', '{foreign.Id}')";

        var rows = await usages.QueryAsync(new QueryRequest { Soql = $"SELECT Id, MessagingChannelId FROM MessagingChannelUsage WHERE MessagingChannelId IN {inList}" }, limited, Calls.Deadline);
        var count = await usages.QueryAsync(new QueryRequest { Soql = $"SELECT COUNT() FROM MessagingChannelUsage WHERE MessagingChannelId IN {inList}" }, limited, Calls.Deadline);
        var everything = await usages.QueryAsync(new QueryRequest { Soql = $"SELECT COUNT() FROM MessagingChannelUsage WHERE MessagingChannelId IN {inList}" }, fixture.Admin, Calls.Deadline);

        Assert.Equal(2, rows.Records.Count);
        Assert.All(rows.Records, record => Assert.Equal(own.Id, record.MessagingChannelId));
        Assert.Equal(2, count.TotalSize);
        Assert.Equal(4, everything.TotalSize);
    }

    [Fact]
    public async Task ListChannels_ByALimitedCaller_ListsOnlyItsChannels()
    {
        var first = await fixture.Channels.ServiceOnlyAsync();
        var second = await fixture.Channels.ServiceOnlyAsync();
        await fixture.Channels.ServiceOnlyAsync();
        var limited = SecuredGatewayFixture.Bearer(fixture.Tokens.Mint("svc-two", "messaging.read", channels: $"{first.Id} {second.Id}"));
        var channels = fixture.CreateClient<MessagingChannelService.MessagingChannelServiceClient>();

        var ids = new List<string>();
        var token = string.Empty;
        do
        {
            var page = await channels.ListChannelsAsync(new ListChannelsRequest { PageSize = 1, PageToken = token }, limited, Calls.Deadline);
            ids.AddRange(page.Channels.Select(c => c.Id));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public async Task RouteStream_ByALimitedCaller_AnswersAForeignItemPermissionDenied_AndRoutesTheRest()
    {
        var own = await fixture.Channels.ServiceOnlyAsync();
        var foreign = await fixture.Channels.ServiceOnlyAsync();
        var foreignKey = TestChannel.NewPlatformKey();
        var limited = SecuredGatewayFixture.Bearer(fixture.Tokens.Mint("svc-own", "messaging.route", channels: own.Id));

        using var call = fixture.CreateClient<MessageRouter.MessageRouterClient>().RouteStream(limited, Calls.Deadline);
        await call.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound(own.Id, TestChannel.NewPlatformKey(), "hello", "m1") });
        await call.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound(foreign.Id, foreignKey, "hello", "m2") });
        await call.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound(own.Id, TestChannel.NewPlatformKey(), "hello", "m3") });
        await call.RequestStream.CompleteAsync();
        var answers = new List<RoutingDecision>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            answers.Add(call.ResponseStream.Current);
        }

        Assert.Equal(["m1", "m2", "m3"], answers.Select(a => a.MessageId));
        Assert.Equal(Handler.OmniChannel, answers[0].Handler);
        Assert.Equal((int)StatusCode.PermissionDenied, answers[1].Error.StatusCode);
        Assert.Equal("INSUFFICIENT_ACCESS_OR_READONLY", answers[1].Error.ErrorCode);
        Assert.Equal(Handler.OmniChannel, answers[2].Handler);
        var endUser = await fixture.Host.Services.StoredEndUserAsync(foreign.Id, foreignKey);
        Assert.Null(endUser);
    }
}

internal static class EndUserLookup
{
    /// <summary>The stored end user, or null when the gateway never wrote one.</summary>
    public static Task<MessagingChannelUsage.Routing.Model.MessagingEndUser?> StoredEndUserAsync(this IServiceProvider services, string channelId, string platformKey)
        => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<MessagingChannelUsage.Store.Abstractions.IEndUserStore>(services)
            .GetAsync(channelId, platformKey, CancellationToken.None);
}
