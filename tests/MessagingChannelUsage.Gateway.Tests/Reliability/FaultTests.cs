using System.Globalization;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;
using Xunit.Abstractions;

namespace MessagingChannelUsage.Gateway.Tests.Reliability;

/// <summary>
/// Redis faults under consent traffic through two gateway instances on one Redis, as an operator
/// runs them (docs/reliability.md): paused for less and for more than the callers' deadline
/// (CLIENT PAUSE, SIGSTOP), killed with -9 and restarted from its AOF. Each end user's calls go to
/// the two gateways in turn. Callers see latency, DEADLINE_EXCEEDED or UNAVAILABLE, never INTERNAL,
/// UNKNOWN or RESOURCE_EXHAUSTED; no acknowledged consent write is lost or overridden by a late one
/// from either instance, and both instances read back what was acknowledged. After each fault the
/// test waits until every end user is served again before the next one. No timing is asserted:
/// the seconds to full recovery are printed for the report.
/// Rerun with the report: dotnet test tests/MessagingChannelUsage.Gateway.Tests -c Release
/// --filter "FullyQualifiedName~Reliability.FaultTests" --logger "console;verbosity=detailed"
/// </summary>
public sealed class FaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);
    private static readonly HashSet<string> Allowed = ["OK", "DeadlineExceeded", "Unavailable"];

    private readonly List<GatewayHost> hosts = [];
    private RedisServer? redis;

    private RedisServer Redis => redis!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync("--appendonly", "yes", "--appendfsync", "everysec");
        for (var i = 0; i < 2; i++)
        {
            hosts.Add(await GatewayHost.StartAsync([new("Store:Kind", "Redis"), new("Store:RedisConnectionString", Redis.Endpoint)]));
        }
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
        var channel = await new TestChannels(hosts[0].Services).MarketingOnlyAsync();
        var routers = hosts.Select(h => h.CreateClient<MessageRouter.MessageRouterClient>()).ToList();
        using var load = new ConsentLoad(routers, channel.Id, endUsers: 16, Deadline);
        var faults = new List<(string Name, double Start, double End)>();
        load.Start();
        Assert.True(await load.EveryoneAcknowledgedSinceAsync(0, TaskTimeouts.Default), "the load did not get going before any fault");

        faults.Add(await FaultAsync(load, "CLIENT PAUSE 0.5 s (< deadline)", () => Redis.CliAsync("CLIENT", "PAUSE", "500", "ALL"), TimeSpan.FromMilliseconds(500)));
        faults.Add(await FaultAsync(load, "CLIENT PAUSE 3 s (> deadline)", () => Redis.CliAsync("CLIENT", "PAUSE", "3000", "ALL"), TimeSpan.FromSeconds(3)));
        faults.Add(await FaultAsync(load, "SIGSTOP 3 s (> deadline)", () => Redis.SignalAsync("STOP"), TimeSpan.FromSeconds(3), () => Redis.SignalAsync("CONT")));
        faults.Add(await FaultAsync(load, "kill -9, restart from AOF", Redis.StopAsync, TimeSpan.FromSeconds(1), Redis.StartAgainAsync));
        await load.StopAsync();

        // Writes acknowledged just before a kill -9 survive the AOF restart.
        var keys = Enumerable.Range(0, 16).Select(i => "+1666" + i.ToString("D6", CultureInfo.InvariantCulture) + Random.Shared.Next(1000, 9999)).ToArray();
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            var stop = await EventuallyAcknowledgedAsync(() => routers[i % routers.Count].InboundAsync(channel.Id, key, "STOP"));
            Assert.Equal(ConsentStatus.OptedOut, stop.ConsentStatus);
        }

        await Redis.StopAsync();
        await Redis.StartAgainAsync().WithTimeout();

        var expected = load.Acknowledged().Concat(keys.Select(k => (PlatformKey: k, Consent: ConsentStatus.OptedOut))).ToList();
        var lost = new List<string>();
        foreach (var (host, gateway) in hosts.Select((h, i) => (h, i)))
        {
            // Each instance reads back what either acknowledged (its end-user cache included).
            var endUsers = host.CreateClient<MessagingEndUserService.MessagingEndUserServiceClient>();
            foreach (var (key, consent) in expected)
            {
                var stored = await EventuallyAcknowledgedAsync(() => endUsers.GetEndUserAsync(new GetEndUserRequest { ChannelId = channel.Id, PlatformKey = key }, Calls.Options).ResponseAsync);
                if (stored.ConsentStatus != consent)
                {
                    lost.Add($"{key} read through gateway {gateway}: acknowledged {consent}, stored {stored.ConsentStatus}");
                }
            }
        }

        Report(load, faults, expected.Count * hosts.Count, lost.Count);
        var forbidden = load.Calls.Where(c => !Allowed.Contains(c.Status)).GroupBy(c => c.Status).Select(g => $"{g.Key} ×{g.Count()}").ToList();
        Assert.True(forbidden.Count == 0, "statuses no caller should see under a store fault: " + string.Join(", ", forbidden));
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
            catch (Grpc.Core.RpcException ex) when (ex.StatusCode is Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.DeadlineExceeded && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Per fault: statuses seen from its start until the next fault, and seconds from its end to the last failed call.</summary>
    private void Report(ConsentLoad load, List<(string Name, double Start, double End)> faults, int checkedWrites, int lost)
    {
        output.WriteLine($"{load.Calls.Count} calls through {hosts.Count} gateways on one Redis, deadline {Deadline.TotalSeconds:F0} s; {checkedWrites} reads of acknowledged writes checked, {lost} lost");
        for (var i = 0; i < faults.Count; i++)
        {
            var (name, start, end) = faults[i];
            var until = i + 1 < faults.Count ? faults[i + 1].Start : double.MaxValue;
            var window = load.Calls.Where(c => c.Started >= start && c.Started < until).ToList();
            var statuses = string.Join(", ", window.GroupBy(c => c.Status).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
            var lastFailure = window.Where(c => c.Status != "OK").Select(c => c.Ended).DefaultIfEmpty(end).Max();
            output.WriteLine($"| {name} | {statuses} | {Math.Max(0, lastFailure - end):F1} |");
        }
    }
}
