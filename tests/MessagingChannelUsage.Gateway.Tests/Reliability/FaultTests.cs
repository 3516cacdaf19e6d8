using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using MessagingChannelUsage.Gateway.Telemetry;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MessagingChannelUsage.Gateway.Tests.Reliability;

/// <summary>
/// Redis faults under consent traffic through two gateway instances on one Redis, as an operator
/// runs them (docs/reliability.md): paused for less and for more than the callers' deadline
/// (CLIENT PAUSE, SIGSTOP), killed with -9 and restarted from its AOF. Each end user's calls go to
/// the two gateways in turn. Callers see latency, DEADLINE_EXCEEDED or UNAVAILABLE, never INTERNAL,
/// UNKNOWN or RESOURCE_EXHAUSTED; no acknowledged consent write is lost or overridden by a late one
/// from either instance, and both instances read back what was acknowledged. After each fault the
/// test waits until every end user is served again before the next one. A second test kills one
/// of two gateways (a separate process) with -9 under the same traffic from clients that balance
/// over both and retry UNAVAILABLE (as a gRPC client with round_robin and a retry policy does).
/// No timing is asserted: the seconds to full recovery are printed for the report.
/// Rerun with the report: dotnet test tests/MessagingChannelUsage.Gateway.Tests -c Release
/// --filter "FullyQualifiedName~Reliability.FaultTests" --logger "console;verbosity=detailed"
/// </summary>
public sealed class FaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);
    private static readonly HashSet<string> Allowed = ["OK", "DeadlineExceeded", "Unavailable"];
    private static readonly int EndUsers = 16;

    private readonly List<GatewayHost> hosts = [];
    private RedisServer? redis;

    private RedisServer Redis => redis!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync("--appendonly", "yes", "--appendfsync", "everysec");
    }

    private async Task<GatewayHost> StartHostAsync()
    {
        var host = await GatewayHost.StartAsync([new("Store:Kind", "Redis"), new("Store:RedisConnectionString", Redis.Endpoint)]);
        hosts.Add(host);
        return host;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }

    [Fact]
    public async Task RedisPausedStoppedAndKilled_UnderConsentTraffic_NeverInternalOrUnknown_AndLosesNoAcknowledgedWrite()
    {
        await StartHostAsync();
        await StartHostAsync();
        var channel = await new TestChannels(hosts[0].Services).MarketingOnlyAsync();
        var routers = hosts.Select(h => h.CreateClient<MessageRouter.MessageRouterClient>()).ToList();
        using var load = new ConsentLoad(routers, channel.Id, EndUsers, Deadline);
        var faults = new List<(string Name, double Start, double End)>();
        load.Start();
        Assert.True(await load.EveryoneAcknowledgedSinceAsync(0, TaskTimeouts.Default), "the load did not get going before any fault");

        faults.Add(await FaultAsync(load, "CLIENT PAUSE 0.5 s (< deadline)", () => Redis.CliAsync("CLIENT", "PAUSE", "500", "ALL"), TimeSpan.FromMilliseconds(500)));
        faults.Add(await FaultAsync(load, "CLIENT PAUSE 3 s (> deadline)", () => Redis.CliAsync("CLIENT", "PAUSE", "3000", "ALL"), TimeSpan.FromSeconds(3)));
        faults.Add(await FaultAsync(load, "SIGSTOP 3 s (> deadline)", () => Redis.SignalAsync("STOP"), TimeSpan.FromSeconds(3), () => Redis.SignalAsync("CONT")));
        faults.Add(await FaultAsync(load, "kill -9, restart from AOF", Redis.StopAsync, TimeSpan.FromSeconds(1), Redis.StartAgainAsync));
        await load.StopAsync();

        // Writes acknowledged just before a kill -9 survive the AOF restart.
        var keys = await StopsAcknowledgedAsync(i => routers[i % routers.Count], channel.Id);

        await Redis.StopAsync();
        await Redis.StartAgainAsync().WithTimeout();

        var expected = load.Acknowledged().Concat(keys.Select(k => (PlatformKey: k, Consent: ConsentStatus.OptedOut))).ToList();
        var readers = hosts.Select(h => h.Channel).ToList();
        var lost = await LostAsync(readers, channel.Id, expected);
        Report(load, faults, $"{hosts.Count} gateways on one Redis", expected.Count * readers.Count, lost.Count);
        AssertNothingForbiddenOrLost(load, lost);
    }

    [Fact]
    public async Task OneOfTwoGatewaysKilled_UnderConsentTraffic_ClientsFailOverToTheOther_AndNoAcknowledgedWriteIsLost()
    {
        var survivor = await StartHostAsync();
        await using var victim = await GatewayProcess.StartAsync(("Store__Kind", "Redis"), ("Store__RedisConnectionString", Redis.Endpoint));
        using var victimChannel = GrpcChannel.ForAddress(victim.Address);
        var channel = await new TestChannels(survivor.Services).MarketingOnlyAsync();
        await using var resolvers = Resolvers(survivor.Address, victim.Address);
        using var balanced = BalancedChannel(resolvers);
        using var survivorDecisions = new InstrumentSum(survivor.Services, GatewayMetrics.MeterName, "mcu.gateway.decisions");
        using var load = new ConsentLoad([new MessageRouter.MessageRouterClient(balanced)], channel.Id, EndUsers, Deadline);
        var faults = new List<(string Name, double Start, double End)>();
        load.Start();
        Assert.True(await load.EveryoneAcknowledgedSinceAsync(0, TaskTimeouts.Default), "the load did not get going before the kill");

        // Both gateways take traffic before one is killed (what the survivor did not decide, the victim did).
        Assert.True(
            await TaskTimeouts.Eventually(() => load.Calls.Count(c => c.Status == "OK") > survivorDecisions.Value + EndUsers),
            "the clients never reached the second gateway: killing it would test nothing");

        // STOPs acknowledged by the victim right before it dies are in Redis, not in its memory.
        var victimRouter = new MessageRouter.MessageRouterClient(victimChannel);
        var keys = await StopsAcknowledgedAsync(_ => victimRouter, channel.Id);
        faults.Add(await FaultAsync(load, "kill -9 of one gateway of two (clients: round_robin over both, retry UNAVAILABLE)", () => { victim.Kill(); return Task.CompletedTask; }, TimeSpan.Zero));
        faults.Add(await FaultAsync(load, "the killed gateway restarted (as its orchestrator would)", victim.StartAgainAsync, TimeSpan.Zero));
        await load.StopAsync();

        var expected = load.Acknowledged().Concat(keys.Select(k => (PlatformKey: k, Consent: ConsentStatus.OptedOut))).ToList();
        using var restartedChannel = GrpcChannel.ForAddress(victim.Address);
        var lost = await LostAsync([survivor.Channel, restartedChannel], channel.Id, expected);
        Report(load, faults, "2 gateways on one Redis, one a separate process killed with -9", expected.Count * 2, lost.Count);
        AssertNothingForbiddenOrLost(load, lost);
    }

    /// <summary>
    /// One channel over both gateways as a resilient gRPC client is configured: round_robin over
    /// the addresses (a dead one leaves the rotation) and a retry of UNAVAILABLE on another one
    /// (safe here: a message id is routed once, a replay returns the first decision).
    /// </summary>
    private static GrpcChannel BalancedChannel(ServiceProvider resolvers)
    {
        var retry = new RetryPolicy
        {
            MaxAttempts = 3,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
            BackoffMultiplier = 2,
            RetryableStatusCodes = { StatusCode.Unavailable },
        };
        return GrpcChannel.ForAddress("static:///gateways", new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Insecure,
            ServiceProvider = resolvers,
            ServiceConfig = new ServiceConfig
            {
                LoadBalancingConfigs = { new RoundRobinConfig() },
                MethodConfigs = { new MethodConfig { Names = { MethodName.Default }, RetryPolicy = retry } },
            },
        });
    }

    /// <summary>The addresses of the gateways, for <c>static:///</c> channel targets.</summary>
    private static ServiceProvider Resolvers(params Uri[] addresses) =>
        new ServiceCollection()
            .AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => [.. addresses.Select(a => new BalancerAddress(a.Host, a.Port))]))
            .BuildServiceProvider();

    /// <summary>STOPs of 16 fresh end users, each acknowledged (retried through a store restart) through the router given its index.</summary>
    private static async Task<string[]> StopsAcknowledgedAsync(Func<int, MessageRouter.MessageRouterClient> routerOf, string channelId)
    {
        var keys = Enumerable.Range(0, EndUsers).Select(i => "+1666" + i.ToString("D6", CultureInfo.InvariantCulture) + Random.Shared.Next(1000, 9999)).ToArray();
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            var stop = await EventuallyAcknowledgedAsync(() => routerOf(i).InboundAsync(channelId, key, "STOP"));
            Assert.Equal(ConsentStatus.OptedOut, stop.ConsentStatus);
        }

        return keys;
    }

    /// <summary>Each gateway reads back what either acknowledged (its end-user cache included); the differences.</summary>
    private static async Task<List<string>> LostAsync(IReadOnlyList<GrpcChannel> gateways, string channelId, IReadOnlyList<(string PlatformKey, ConsentStatus Consent)> expected)
    {
        var lost = new List<string>();
        foreach (var (gatewayChannel, gateway) in gateways.Select((c, i) => (c, i)))
        {
            var endUsers = new MessagingEndUserService.MessagingEndUserServiceClient(gatewayChannel);
            foreach (var (key, consent) in expected)
            {
                var stored = await EventuallyAcknowledgedAsync(() => endUsers.GetEndUserAsync(new GetEndUserRequest { ChannelId = channelId, PlatformKey = key }, Calls.Options).ResponseAsync);
                if (stored.ConsentStatus != consent)
                {
                    lost.Add($"{key} read through gateway {gateway}: acknowledged {consent}, stored {stored.ConsentStatus}");
                }
            }
        }

        return lost;
    }

    private static void AssertNothingForbiddenOrLost(ConsentLoad load, List<string> lost)
    {
        var forbidden = load.Calls.Where(c => !Allowed.Contains(c.Status)).GroupBy(c => c.Status).Select(g => $"{g.Key} ×{g.Count()}").ToList();
        Assert.True(forbidden.Count == 0, "statuses no caller should see under a fault: " + string.Join(", ", forbidden));
        Assert.True(lost.Count == 0, "acknowledged consent writes lost or overridden:" + Environment.NewLine + string.Join(Environment.NewLine, lost.Take(10)));
    }

    private static async Task<(string Name, double Start, double End)> FaultAsync(
        ConsentLoad load, string name, Func<Task> inject, TimeSpan length, Func<Task>? heal = null)
    {
        var start = load.Now;
        await inject();
        await Task.Delay(length);
        if (heal is not null)
        {
            await heal().WithTimeout();
        }

        var end = load.Now;

        // Traffic goes on; the next fault waits until every end user is served again.
        Assert.True(await load.EveryoneAcknowledgedSinceAsync(end, TaskTimeouts.Default), $"not every end user was served again within {TaskTimeouts.Default.TotalSeconds:F0} s after: {name}");
        return (name, start, end);
    }

    /// <summary>Retries until the store answers (after a restart the multiplexer reconnects by itself).</summary>
    private static async Task<T> EventuallyAcknowledgedAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + TaskTimeouts.Default;
        while (true)
        {
            try
            {
                return await call().WithTimeout();
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Per fault: statuses seen from its start until the next fault, and seconds from its end to the last failed call.</summary>
    private void Report(ConsentLoad load, List<(string Name, double Start, double End)> faults, string setup, int checkedWrites, int lost)
    {
        output.WriteLine($"{load.Calls.Count} calls through {setup}, deadline {Deadline.TotalSeconds:F0} s; {checkedWrites} reads of acknowledged writes checked, {lost} lost");
        for (var i = 0; i < faults.Count; i++)
        {
            var (name, start, end) = faults[i];
            var until = i + 1 < faults.Count ? faults[i + 1].Start : double.MaxValue;
            var window = load.Calls.Where(c => c.Started >= start && c.Started < until).ToList();
            var statuses = string.Join(", ", window.GroupBy(c => c.Status).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
            var lastFailure = window.Where(c => c.Status != "OK").Select(c => c.Ended).DefaultIfEmpty(end).Max();
            var retried = window.Count(c => c.Retried);
            var retries = retried == 0 ? string.Empty : $" ({retried} of the OK after a retry)";
            output.WriteLine($"| {name} | {statuses}{retries} | {Math.Max(0, lastFailure - end):F1} |");
        }
    }
}
