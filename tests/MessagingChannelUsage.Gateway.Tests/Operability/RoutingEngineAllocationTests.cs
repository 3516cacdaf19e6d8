using MessagingChannelUsage.Gateway.Routing;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Domain = MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>
/// The engine's part of a message on the embedded store, for an end user it already knows,
/// allocates nothing: the answer is a struct until the reply proto is built (issue 12: the
/// RoutedMessage object was ~15 % of a streamed message's bytes). Bytes are counted, never time.
/// </summary>
[Collection(OperabilityRunsAlone.Name)]
public sealed class RoutingEngineAllocationTests : IAsyncLifetime
{
    private const int Repetitions = 10_000;

    private GatewayHost host = null!;

    public async Task InitializeAsync() => host = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task RouteInbound_WarmEndUserOnTheEmbeddedStore_AllocatesNothingInTheEngine()
    {
        var (engine, request, _) = await WarmEndUserAsync();

        void Route()
        {
            var pending = engine.RouteInboundAsync(request, CancellationToken.None);
            if (!pending.IsCompletedSuccessfully || pending.Result.Reason != Domain.RoutingReason.NotAMarketingKeyword)
            {
                throw new InvalidOperationException("The embedded store answers at once, with the same decision.");
            }
        }

        var allocated = await ThreadAllocations.FewestAsync(Route, Repetitions);

        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task RouteInbound_WarmEndUserOnTheEmbeddedStore_AllocatesOnlyTheReplyWithTheMapping()
    {
        var (engine, request, first) = await WarmEndUserAsync();
        var reply = RoutingMapping.ToProto(first);
        var replyBytes = await ThreadAllocations.FewestAsync(() => _ = new RoutingDecision(), Repetitions);

        void RouteAndMap()
        {
            var pending = engine.RouteInboundAsync(request, CancellationToken.None);
            if (!pending.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("The embedded store answers at once.");
            }

            reply = RoutingMapping.ToProto(pending.Result);
        }

        var allocated = await ThreadAllocations.FewestAsync(RouteAndMap, Repetitions);

        Assert.Equal(replyBytes, allocated);
        Assert.Equal("inbound.8", reply.Rule);
    }

    /// <summary>An ordinary message on a Unified channel (both usages active); its first delivery creates the end user and opens the session, the ones after change nothing.</summary>
    private async Task<(RoutingEngine Engine, InboundRequest Request, RoutedMessage First)> WarmEndUserAsync()
    {
        var channel = await new TestChannels(host.Services).BothActiveAsync(Domain.RoutingOverride.MJKeywordsOnly);
        var engine = host.Services.GetRequiredService<RoutingEngine>();
        var request = RoutingMapping.ToRequest(Messages.Inbound(channel.Id, TestChannel.NewPlatformKey(), "Hi, where is my order?"));
        var first = await engine.RouteInboundAsync(request, CancellationToken.None).WithTimeout();
        Assert.Equal(Domain.RoutingReason.NotAMarketingKeyword, first.Reason);
        return (engine, request, first);
    }
}
