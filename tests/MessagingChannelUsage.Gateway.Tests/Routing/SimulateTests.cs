using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Routing.Simulation;
using PureMessage = MessagingChannelUsage.Routing.Simulation.SimulatedMessage;
using MessagingChannelUsage.Store.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Domain = MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Tests.Routing;

/// <summary>
/// MessageRouter.Simulate (domain.md §9) through the real gateway on a private redis-server.
/// Throughput rerun: dotnet test tests/MessagingChannelUsage.Gateway.Tests -c Release --filter FullyQualifiedName~SimulateTests.Repeated --logger "console;verbosity=detailed"
/// </summary>
public sealed class SimulateTests(RedisGatewayFixture fixture, ITestOutputHelper output) : IClassFixture<RedisGatewayFixture>
{
    private const int MixSize = 10_000;
    private static readonly string[] Texts = ["hello", "JOIN", "JOIN now", "STOP", "START", "HELP", "where is my order?", "join", "YES"];

    [Fact]
    public async Task DeactivatingMJ_OnATenThousandMessageMix_GivesThePureRoutersCounts_AndWritesNothing()
    {
        var channel = await fixture.Channels.BothActiveAsync(Domain.RoutingOverride.MJKeywordsOnly);
        var request = DeactivateMJ(channel, await MixAsync(channel));

        var before = await RedisContents.DumpAllAsync(fixture.Redis.Endpoint);
        var response = await fixture.Router.SimulateAsync(request, Calls.Options);
        var after = await RedisContents.DumpAllAsync(fixture.Redis.Endpoint);

        Assert.Equal(before, after);
        Assert.Equal(MixSize, response.Results.Count);
        var pure = await PureInputsAsync(channel, request);
        var (expectedCurrent, expectedProposed) = (Count(pure.Current, request, pure.Stored), Count(pure.Proposed, request, pure.Stored));
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

    /// <summary>
    /// Throughput on the same 10,000-message mix, in one run: three Simulate calls (gRPC, end-user
    /// reads on Redis, both configurations, 10,000 answers) against the pure TrafficSimulation on
    /// the same snapshots and states in process, as messages/s and their ratio, printed (timings are
    /// never asserted). Asserted: every repeated Simulate answers the pure router's counts, since
    /// none of them changed anything.
    /// </summary>
    [Fact]
    public async Task RepeatedSimulates_AnswerTheSame_AndTheirThroughputIsPrinted()
    {
        const int Rounds = 3;
        var channel = await fixture.Channels.BothActiveAsync(Domain.RoutingOverride.MJKeywordsOnly);
        var request = DeactivateMJ(channel, await MixAsync(channel));
        var pure = await PureInputsAsync(channel, request);
        var messages = request.Messages.Select(m => m.Inbound is { } inbound
            ? new PureMessage(inbound.PlatformKey, inbound.Text, null)
            : new PureMessage(m.Outbound.PlatformKey, m.Outbound.Text, (Domain.Handler)(int)m.Outbound.Sender)).ToList();
        await fixture.Router.SimulateAsync(request, Calls.Options); // warm-up
        TrafficSimulation.Run(pure.Current, pure.Proposed, messages, pure.Stored);

        var simulate = new List<double>();
        var inProcess = new List<double>();
        var answers = new List<Dictionary<(Handler, RoutingReason), long>>();
        for (var round = 0; round < Rounds; round++)
        {
            var started = Stopwatch.GetTimestamp();
            var response = await fixture.Router.SimulateAsync(request, Calls.Options);
            answers.Add(Counts(response.ProposedCounts));
            simulate.Add(MixSize / Stopwatch.GetElapsedTime(started).TotalSeconds);
            started = Stopwatch.GetTimestamp();
            TrafficSimulation.Run(pure.Current, pure.Proposed, messages, pure.Stored);
            inProcess.Add(MixSize / Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        var (median, pureMedian) = (simulate.Order().ElementAt(Rounds / 2), inProcess.Order().ElementAt(Rounds / 2));
        output.WriteLine($"Simulate: {MixSize} messages, median of {Rounds}: {median:F0} messages/s through gRPC + Redis (rounds {string.Join(", ", simulate.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))}); "
            + $"pure TrafficSimulation {pureMedian:F0} messages/s; ratio {median / pureMedian:F2}; load average {LoadAverage()}");
        var expected = Count(pure.Proposed, request, pure.Stored);
        Assert.All(answers, counts => Assert.Equal(expected, counts));
    }

    /// <summary>
    /// The 10,000-message mix (seeded): 400 end users, 40 of them with stored state (consent and an
    /// open session); 80 % inbound texts, 20 % outbound from either handler.
    /// </summary>
    private async Task<List<RouteRequest>> MixAsync(TestChannel channel)
    {
        var keys = Enumerable.Range(0, 400).Select(_ => TestChannel.NewPlatformKey()).ToArray();
        foreach (var key in keys.Take(40))
        {
            await fixture.Router.InboundAsync(channel.Id, key, "hello");
        }

        var random = new Random(14);
        var messages = new List<RouteRequest>(MixSize);
        for (var i = 0; i < MixSize; i++)
        {
            var key = keys[random.Next(keys.Length)];
            messages.Add(random.Next(10) < 8
                ? new RouteRequest { Inbound = Messages.Inbound(channel.Id, key, Texts[random.Next(Texts.Length)]) }
                : new RouteRequest { Outbound = Messages.Outbound(channel.Id, key, random.Next(2) == 0 ? Handler.OmniChannel : Handler.JourneyBuilder) });
        }

        return messages;
    }

    /// <summary>Simulate of "deactivate MJ" (MJ proposed Disabled) on <paramref name="messages"/>.</summary>
    private static SimulateRequest DeactivateMJ(TestChannel channel, List<RouteRequest> messages)
    {
        var request = new SimulateRequest { ChannelId = channel.Id };
        request.ProposedUsages.Add(new Protos.V1.MessagingChannelUsage
        {
            DeploymentType = DeploymentType.Mj,
            DeploymentStatus = DeploymentStatus.Disabled,
            ConsentType = Protos.V1.ConsentType.ImplicitOptIn,
            RoutingOverride = Protos.V1.RoutingOverride.MjKeywordsOnly,
        });
        request.Messages.AddRange(messages);
        return request;
    }

    private static string LoadAverage()
        => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static Dictionary<(Handler, RoutingReason), long> Counts(IEnumerable<DecisionCount> counts)
        => counts.ToDictionary(c => (c.Handler, c.Reason), c => c.Count);

    /// <summary>
    /// What the pure router needs, straight from the store: the stored configuration, the proposal
    /// ("deactivate MJ") applied by hand, and the stored state of every end user the messages name.
    /// </summary>
    private async Task<(ChannelSnapshot Current, ChannelSnapshot Proposed, Dictionary<string, Domain.EndUserState> Stored)> PureInputsAsync(TestChannel channel, SimulateRequest request)
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

        return (current, proposed, stored);
    }

    /// <summary>The expected counts: the pure router message by message, each end user's consent and session evolved as the store would.</summary>
    private static Dictionary<(Handler, RoutingReason), long> Count(ChannelSnapshot snapshot, SimulateRequest request, Dictionary<string, Domain.EndUserState> stored)
    {
        var states = new Dictionary<string, Domain.EndUserState>(stored);
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
                opens ? Domain.SessionStatus.New : user.OpenSessionStatus,
                decision.Effects.SetPreferredLanguage ?? user.PreferredLanguage);
            var wire = ((Handler)(int)decision.Handler, (RoutingReason)(int)decision.Reason);
            counts[wire] = counts.GetValueOrDefault(wire) + 1;
        }

        return counts;
    }
}
