using System.Diagnostics;
using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Domain = MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Tests.Routing;

/// <summary>
/// MessageRouter.Simulate (domain.md §9) through the real gateway on a private redis-server.
/// Throughput rerun: dotnet test tests/MessagingChannelUsage.Gateway.Tests -c Release --filter FullyQualifiedName~SimulateTests --logger "console;verbosity=detailed"
/// </summary>
public sealed class SimulateTests(RedisGatewayFixture fixture, ITestOutputHelper output) : IClassFixture<RedisGatewayFixture>
{
    private const int MixSize = 10_000;
    private static readonly string[] Texts = ["hello", "JOIN", "JOIN now", "STOP", "START", "HELP", "where is my order?", "join", "YES"];

    [Fact]
    public async Task DeactivatingMJ_OnATenThousandMessageMix_GivesThePureRoutersCounts_AndWritesNothing()
    {
        var channel = await fixture.Channels.BothActiveAsync(Domain.RoutingOverride.MJKeywordsOnly);
        var keys = Enumerable.Range(0, 400).Select(_ => TestChannel.NewPlatformKey()).ToArray();
        foreach (var key in keys.Take(40))
        {
            await fixture.Router.InboundAsync(channel.Id, key, "hello"); // stored state: consent and an open session
        }

        var request = new SimulateRequest { ChannelId = channel.Id };
        request.ProposedUsages.Add(new Protos.V1.MessagingChannelUsage
        {
            DeploymentType = DeploymentType.Mj,
            DeploymentStatus = DeploymentStatus.Disabled,
            ConsentType = Protos.V1.ConsentType.ImplicitOptIn,
            RoutingOverride = Protos.V1.RoutingOverride.MjKeywordsOnly,
        });
        var random = new Random(14);
        for (var i = 0; i < MixSize; i++)
        {
            var key = keys[random.Next(keys.Length)];
            request.Messages.Add(random.Next(10) < 8
                ? new RouteRequest { Inbound = Messages.Inbound(channel.Id, key, Texts[random.Next(Texts.Length)]) }
                : new RouteRequest { Outbound = Messages.Outbound(channel.Id, key, random.Next(2) == 0 ? Handler.OmniChannel : Handler.JourneyBuilder) });
        }

        var before = await RedisContents.DumpAllAsync(fixture.Redis.Endpoint);
        var started = Stopwatch.GetTimestamp();
        var response = await fixture.Router.SimulateAsync(request, Calls.Options);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var after = await RedisContents.DumpAllAsync(fixture.Redis.Endpoint);

        output.WriteLine($"Simulate: {MixSize} messages in {elapsed.TotalMilliseconds:F0} ms = {MixSize / elapsed.TotalSeconds:F0} messages/s (gRPC + Redis state reads + both configurations)");
        Assert.Equal(before, after);
        Assert.Equal(MixSize, response.Results.Count);
        var (expectedCurrent, expectedProposed) = await PureRouterCountsAsync(channel, request);
        Assert.Equal(expectedCurrent, Counts(response.CurrentCounts));
        Assert.Equal(expectedProposed, Counts(response.ProposedCounts));
        Assert.DoesNotContain(response.ProposedCounts, c => c.Handler == Handler.JourneyBuilder);
        Assert.Contains(response.Results, r => r.Changed);
        Assert.All(response.Results, r => Assert.Equal(
            r.Current.Handler != r.Proposed.Handler || r.Current.Reason != r.Proposed.Reason || r.Current.ReplyText != r.Proposed.ReplyText || r.Current.MatchedKeyword != r.Proposed.MatchedKeyword,
            r.Changed));
    }

    [Fact]
    public async Task AProposalBreakingARecordRule_FailsWithTheErrorOfARealWrite()
    {
        // A RoutingOverride on a Conversation usage breaks rule 3 of domain.md §2.
        var channel = await fixture.Channels.MarketingOnlyAsync();
        var usage = new Protos.V1.MessagingChannelUsage
        {
            MessagingChannelId = channel.Id,
            DeploymentType = DeploymentType.Conversation,
            DeploymentStatus = DeploymentStatus.Active,
            RoutingOverride = Protos.V1.RoutingOverride.NonSessionMessages,
        };
        var request = new SimulateRequest { ChannelId = channel.Id };
        request.ProposedUsages.Add(usage);
        request.Messages.Add(new RouteRequest { Inbound = Messages.Inbound(channel.Id, "+1", "hello") });

        var simulated = await Assert.ThrowsAsync<RpcException>(() => fixture.Router.SimulateAsync(request, Calls.Options).ResponseAsync);
        var real = await Assert.ThrowsAsync<RpcException>(() => fixture.CreateClient<MessagingChannelUsageService.MessagingChannelUsageServiceClient>()
            .CreateAsync(usage, Calls.Options).ResponseAsync);

        var (code, info, badRequest) = Calls.Details(simulated);
        var (realCode, realInfo, realBadRequest) = Calls.Details(real);
        Assert.Equal(realCode, code);
        Assert.Equal(realInfo!.Reason, info!.Reason);
        Assert.Equal(realBadRequest!.FieldViolations.Select(v => v.Field), badRequest!.FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task MoreThanTenThousandMessages_IsResourceExhausted()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var request = new SimulateRequest { ChannelId = channel.Id };
        for (var i = 0; i <= MixSize; i++)
        {
            request.Messages.Add(new RouteRequest { Inbound = Messages.Inbound(string.Empty, "+1", "hi") });
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Router.SimulateAsync(request, Calls.Options).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    private static Dictionary<(Handler, RoutingReason), long> Counts(IEnumerable<DecisionCount> counts)
        => counts.ToDictionary(c => (c.Handler, c.Reason), c => c.Count);

    /// <summary>
    /// The expected counts, straight from the pure router: the stored configuration and end users,
    /// the proposal applied by hand, and each end user's consent and session evolved per configuration.
    /// </summary>
    private async Task<(Dictionary<(Handler, RoutingReason), long>, Dictionary<(Handler, RoutingReason), long>)> PureRouterCountsAsync(TestChannel channel, SimulateRequest request)
    {
        var state = (await fixture.Services.GetRequiredService<IChannelStateReader>().LoadAsync(channel.Id, CancellationToken.None))!;
        var current = ChannelSnapshot.Create(state.Channel, state.Usages, state.Version);
        var proposed = ChannelSnapshot.Create(
            state.Channel,
            state.Usages.Select(u => u.DeploymentType == Domain.DeploymentType.MJ ? u with { DeploymentStatus = Domain.DeploymentStatus.Disabled } : u),
            0);
        var endUsers = fixture.Services.GetRequiredService<IEndUserStore>();
        var stored = new Dictionary<string, Domain.EndUserState>();
        foreach (var item in request.Messages)
        {
            var key = item.Inbound?.PlatformKey ?? item.Outbound.PlatformKey;
            stored.TryAdd(key, await endUsers.GetStateAsync(channel.Id, key, CancellationToken.None));
        }

        return (Count(current, request, new(stored)), Count(proposed, request, new(stored)));

        static Dictionary<(Handler, RoutingReason), long> Count(ChannelSnapshot snapshot, SimulateRequest request, Dictionary<string, Domain.EndUserState> states)
        {
            var counts = new Dictionary<(Handler, RoutingReason), long>();
            foreach (var item in request.Messages)
            {
                var key = item.Inbound?.PlatformKey ?? item.Outbound.PlatformKey;
                var user = states[key];
                var decision = item.Inbound is { } inbound
                    ? Router.RouteInbound(snapshot, inbound.Text, user)
                    : Router.DecideOutbound(snapshot, user, (Domain.Handler)(int)item.Outbound.Sender);
                var opens = decision.Effects.OpenSessionWithOrigin is not null && !user.HasOpenSession;
                states[key] = new Domain.EndUserState(
                    user.EndUserId ?? "x",
                    decision.Effects.SetConsent ?? user.ConsentStatus,
                    opens ? "s" : user.OpenSessionId,
                    opens ? Domain.SessionStatus.New : user.OpenSessionStatus);
                var wire = ((Handler)(int)decision.Handler, (RoutingReason)(int)decision.Reason);
                counts[wire] = counts.GetValueOrDefault(wire) + 1;
            }

            return counts;
        }
    }
}
