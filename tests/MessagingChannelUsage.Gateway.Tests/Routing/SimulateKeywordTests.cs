using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Tests.Routing;

/// <summary>
/// Simulate with a proposed channel carrying keyword sets and custom keywords (domain.md §8, §9):
/// the proposal is applied as UpdateChannel would store it, and a proposal UpdateChannel refuses
/// fails with UpdateChannel's error, leaving every Redis key as it was.
/// </summary>
public sealed class SimulateKeywordTests(RedisGatewayFixture fixture) : IClassFixture<RedisGatewayFixture>
{
    /// <summary>The proposals of the table, by name: each adds to the stored channel's keyword configuration.</summary>
    private static readonly Dictionary<string, Action<MessagingChannel>> Proposals = new(StringComparer.Ordinal)
    {
        ["spanish set"] = c => c.KeywordSets.Add(Set("es", optOut: "BAJA", reply: "Te has dado de baja.")),
        ["custom keyword"] = c => c.CustomKeywords.Add(new CustomKeyword { Keyword = "hours", Match = KeywordMatch.WholeMessage, ReplyText = "Open 9-5" }),
        ["same keyword in two sets"] = c =>
        {
            c.KeywordSets.Add(Set("es", optOut: "BAJA", reply: null));
            c.KeywordSets.Add(Set("pt", optOut: "BAJA", reply: null));
        },
        ["malformed language"] = c => c.KeywordSets.Add(Set("not a language", optOut: "BAJA", reply: null)),
        ["marketing keyword of two words"] = c => c.KeywordSets.Add(new KeywordSet { Language = "es", MarketingKeywords = { "unirse ya" } }),
    };

    [Theory]
    [InlineData("spanish set", "BAJA", Handler.None, RoutingReason.OptOutKeyword, "Te has dado de baja.", "es")]
    [InlineData("spanish set", "¡baja!", Handler.None, RoutingReason.OptOutKeyword, "Te has dado de baja.", "es")]
    [InlineData("custom keyword", "Hours", Handler.None, RoutingReason.CustomKeyword, "Open 9-5", "")]
    public async Task AProposedKeywordConfiguration_DecidesTheProposedColumnOnly(
        string proposal, string text, Handler handler, RoutingReason reason, string reply, string language)
    {
        var (channel, request) = await ProposeAsync(proposal, text);

        var before = await RedisContents.DumpAllAsync(fixture.Redis.Endpoint);
        var result = Assert.Single((await fixture.Router.SimulateAsync(request, Calls.Options)).Results);
        var after = await RedisContents.DumpAllAsync(fixture.Redis.Endpoint);

        Assert.Equal((handler, reason, reply, language), (result.Proposed.Handler, result.Proposed.Reason, result.Proposed.ReplyText, result.Proposed.Language));
        Assert.NotEqual(reason, result.Current.Reason);
        Assert.True(result.Changed);
        // What the proposed column says is what the channel, once updated so, answers for real.
        await fixture.CreateClient<MessagingChannelService.MessagingChannelServiceClient>().UpdateChannelAsync(request.ProposedChannel, Calls.Options);
        var real = await fixture.Router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), text);
        Assert.Equal(before, after);
        Assert.Equal((result.Proposed.Handler, result.Proposed.Reason, result.Proposed.ReplyText, result.Proposed.Language, result.Proposed.Rule),
            (real.Handler, real.Reason, real.ReplyText, real.Language, real.Rule));
    }

    [Theory]
    [InlineData("same keyword in two sets", StatusCode.AlreadyExists, "DUPLICATE_VALUE")]
    [InlineData("malformed language", StatusCode.InvalidArgument, null)]
    [InlineData("marketing keyword of two words", StatusCode.InvalidArgument, null)]
    public async Task AProposalUpdateChannelRefuses_FailsWithUpdateChannelsError_AndWritesNothing(string proposal, StatusCode status, string? code)
    {
        var (_, request) = await ProposeAsync(proposal, "hello");

        var before = await RedisContents.DumpAllAsync(fixture.Redis.Endpoint);
        var simulated = await Assert.ThrowsAsync<RpcException>(() => fixture.Router.SimulateAsync(request, Calls.Options).ResponseAsync);
        var real = await Assert.ThrowsAsync<RpcException>(() => fixture.CreateClient<MessagingChannelService.MessagingChannelServiceClient>()
            .UpdateChannelAsync(request.ProposedChannel, Calls.Options).ResponseAsync);
        var after = await RedisContents.DumpAllAsync(fixture.Redis.Endpoint);

        var (simulatedStatus, info, badRequest) = Calls.Details(simulated);
        var (realStatus, realInfo, realBadRequest) = Calls.Details(real);
        Assert.Equal(status, simulatedStatus);
        Assert.Equal(realStatus, simulatedStatus);
        Assert.Equal(realInfo!.Reason, info!.Reason);
        Assert.Equal(code ?? realInfo.Reason, info.Reason);
        Assert.Equal(realBadRequest!.FieldViolations.Select(v => (v.Field, v.Description)), badRequest!.FieldViolations.Select(v => (v.Field, v.Description)));
        Assert.StartsWith("KeywordSets[", badRequest.FieldViolations[0].Field, StringComparison.Ordinal);
        Assert.Equal(before, after);
    }

    /// <summary>A fresh channel (Conversation and MJ active) and a one-message Simulate proposing the named keyword configuration.</summary>
    private async Task<(TestChannel Channel, SimulateRequest Request)> ProposeAsync(string proposal, string text)
    {
        var channel = await fixture.Channels.BothActiveAsync(MessagingChannelUsage.Routing.Model.RoutingOverride.MJKeywordsOnly);
        var proposed = await fixture.CreateClient<MessagingChannelService.MessagingChannelServiceClient>()
            .GetChannelAsync(new GetChannelRequest { Id = channel.Id }, Calls.Options);
        Proposals[proposal](proposed);
        var request = new SimulateRequest { ChannelId = channel.Id, ProposedChannel = proposed };
        request.Messages.Add(new RouteRequest { Inbound = Messages.Inbound(channel.Id, TestChannel.NewPlatformKey(), text) });
        return (channel, request);
    }

    private static KeywordSet Set(string language, string optOut, string? reply)
    {
        var set = new KeywordSet { Language = language, OptOutConfirmation = reply ?? string.Empty };
        set.OptOutKeywords.Add(optOut);
        return set;
    }
}
