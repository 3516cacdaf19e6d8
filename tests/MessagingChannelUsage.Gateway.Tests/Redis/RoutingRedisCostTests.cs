using System.Globalization;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Store.Caching;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Domain = MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Tests.Redis;

/// <summary>
/// What one routed message costs in Redis, for every branch of domain.md §4.1 and §4.4, through
/// the real gateway (gRPC, Kestrel) on a private redis-server. Per branch: route once (warms the
/// near cache and the end user), then route <see cref="Messages"/> messages and divide the deltas:
/// requests the multiplexer sent (<c>OperationCount</c>), the store calls by kind (the store's own
/// latency instrument, one record per call) and the commands Redis executed (INFO commandstats,
/// script bodies included). Asserted: only the structural counts (no channel load in steady state,
/// at most one end-user read, no read where the rule needs none). Never a timing.
/// Rerun: dotnet test tests/MessagingChannelUsage.Gateway.Tests -c Release --filter FullyQualifiedName~RoutingRedisCost --logger "console;verbosity=detailed"
/// </summary>
public sealed class RoutingRedisCostTests(RedisGatewayFixture fixture, ITestOutputHelper output) : IClassFixture<RedisGatewayFixture>
{
    private const int Messages = 50;

    private readonly MessageRouter.MessageRouterClient router = fixture.Router;

    [Fact]
    public async Task RoutingOnRedis_ReadsNoChannelDataInSteadyState_AndAtMostOneEndUserStatePerMessage()
    {
        using var calls = new StoreCallCounter(fixture.Services);
        var rows = new List<CostRow>();
        foreach (var branch in await BranchesAsync())
        {
            rows.Add(await MeasureAsync(branch, calls));
        }

        output.WriteLine($"Per routed message (deltas over {Messages} messages after one warm-up message; gateway on Redis, gRPC over HTTP/2):");
        output.WriteLine("| branch | requests sent | channel loads | end-user reads | end-user writes (side effect) | other requests | executed by Redis (INFO commandstats) |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            output.WriteLine(row.ToMarkdown());
        }

        Assert.All(rows, row => Assert.Equal(0, row.ChannelLoads));
        Assert.All(rows, row => Assert.True(row.EndUserReads <= 1, $"{row.Branch}: {row.EndUserReads} end-user reads per message"));
        // ROUTING_REASON_NO_ACTIVE_USAGE reads the end user (it reports the stored consent, domain.md §4.4a); a warm
        // end user comes from the end-user near cache, so it is covered by "at most one read" above.
        foreach (var noStateBranch in new[] { "ROUTING_REASON_CHANNEL_NOT_FOUND (inbound)", "ROUTING_REASON_CHANNEL_NOT_FOUND (outbound)", "ROUTING_REASON_OPT_OUT_KEYWORD" })
        {
            var row = rows.Single(r => r.Branch == noStateBranch);
            Assert.Equal(0, row.EndUserReads);
        }

        // No channel and no rule that needs nothing: nothing at all reaches Redis.
        Assert.All(rows.Where(r => r.Branch is "ROUTING_REASON_CHANNEL_NOT_FOUND (inbound)" or "ROUTING_REASON_CHANNEL_NOT_FOUND (outbound)"), row => Assert.Equal(0, Math.Round(row.Sent, 1)));

        // A write only where the rule changes something: opt-out (unconditional), first contact.
        Assert.Equal(1, rows.Single(r => r.Branch == "ROUTING_REASON_OPT_OUT_KEYWORD").EndUserWrites);
        Assert.Equal(1, rows.Single(r => r.Branch == "ROUTING_REASON_SERVICE_ONLY first contact (new user + session)").EndUserWrites);
        Assert.All(rows.Where(r => r.Branch.Contains("steady", StringComparison.Ordinal)), row => Assert.Equal(0, row.EndUserWrites));

        // A message id costs no extra round trip (issue 12). With effects: the Apply script keeps the
        // record (a SET inside the script, no SETEX); the only extra request is the lookup GET, sent
        // in the same flush as the end-user read. Without effects: one SETEX. A replay: one GET.
        var firstContact = rows.Single(r => r.Branch == "ROUTING_REASON_SERVICE_ONLY first contact (new user + session)");
        var firstContactWithId = rows.Single(r => r.Branch == "ROUTING_REASON_SERVICE_ONLY first contact + message_id (new id each)");
        Assert.Equal(firstContact.Sent + 1, firstContactWithId.Sent, 1);
        Assert.Equal(1, firstContactWithId.EndUserWrites);
        Assert.Equal(0, Executed(firstContactWithId, "setex"));
        Assert.Equal(1, Executed(firstContactWithId, "set"));
        Assert.Equal(1, Executed(firstContactWithId, "get"));
        var noEffectsWithId = rows.Single(r => r.Branch == "ROUTING_REASON_SERVICE_ONLY steady + message_id (new id each)");
        Assert.Equal(1, Executed(noEffectsWithId, "setex"));
        Assert.Equal(2, Math.Round(noEffectsWithId.Sent, 1));
        var replay = rows.Single(r => r.Branch == "ROUTING_REASON_SERVICE_ONLY steady + message_id (replay)");
        Assert.Equal(1, Math.Round(replay.Sent, 1));
        Assert.Equal(1, Executed(replay, "get"));

        // Rounded: a stray command of another test's host on the same server may land in a window.
        static double Executed(CostRow row, string command) => Math.Round(row.Executed.SingleOrDefault(e => e.Command == command).PerMessage, 1);
    }

    private async Task<CostRow> MeasureAsync(Branch branch, StoreCallCounter calls)
    {
        var store = fixture.Services.GetRequiredService<RedisStore>();
        var multiplexer = store.Multiplexer;
        var cache = fixture.Services.GetRequiredService<ChannelSnapshotCache>();

        // Warm-up: the channel enters the near cache, scripts are loaded, the end user exists.
        Assert.Equal(branch.Reason, (await branch.Send(0)).Reason);

        var statsBefore = await CommandStatsAsync();
        var callsBefore = calls.Snapshot();
        // The end-user cache's heartbeats (a PUBLISH every 500 ms) are not the messages' cost.
        var sentBefore = multiplexer.OperationCount - store.EndUserHeartbeatsSent;
        var loadsBefore = cache.LoadCount;
        for (var i = 1; i <= Messages; i++)
        {
            var decision = await branch.Send(i);
            Assert.Equal(branch.Reason, decision.Reason);
        }

        var sent = multiplexer.OperationCount - store.EndUserHeartbeatsSent - sentBefore;
        var loads = cache.LoadCount - loadsBefore;
        var callsAfter = calls.Snapshot();
        var statsAfter = await CommandStatsAsync();
        var executed = statsAfter
            .Select(p => (p.Key, Delta: p.Value - statsBefore.GetValueOrDefault(p.Key)))

            // INFO is this measurement's own call; PING is the multiplexer's heartbeat.
            .Where(p => p.Delta > 0 && p.Key is not ("info" or "ping"))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (p.Key, PerMessage: (double)p.Delta / Messages))
            .ToList();
        double PerMessage(string operation) => (double)(callsAfter.GetValueOrDefault(operation) - callsBefore.GetValueOrDefault(operation)) / Messages;
        return new CostRow(
            branch.Name,
            (double)sent / Messages,
            (double)loads / Messages,
            PerMessage(StoreCallCounter.EndUserRead),
            PerMessage(StoreCallCounter.EndUserApply),
            executed);
    }

    private async Task<IReadOnlyList<Branch>> BranchesAsync()
    {
        var channels = fixture.Channels;
        var unknown = SalesforceId.NewId(KeyPrefixes.MessagingChannel);
        var service = await channels.ServiceOnlyAsync();
        var inactive = await channels.CreateAsync(Domain.ChannelKind.Enhanced, new TestUsage(Domain.DeploymentType.Conversation, Domain.DeploymentStatus.Disabled));
        var marketing = await channels.MarketingOnlyAsync();
        var marketingExplicit = await channels.MarketingOnlyAsync(Domain.ConsentType.ExplicitOptIn);
        var keywordsOnly = await channels.BothActiveAsync(Domain.RoutingOverride.MJKeywordsOnly);
        var nonSession = await channels.BothActiveAsync(Domain.RoutingOverride.NonSessionMessages);

        // End users prepared by earlier messages (their own cost is not measured).
        var withSession = await UserAsync(service, "hello");
        var optedOut = await UserAsync(service, "STOP");
        var implicitNoSession = await UserAsync(marketing, "hello");
        var implicitOnExplicit = await UserAsync(marketingExplicit, "hello");
        var keywordUser = await UserAsync(keywordsOnly, "JOIN now");
        var keywordUserWithSession = await UserAsync(keywordsOnly, "hello");
        var nonSessionUser = await UserAsync(nonSession, "hi", opensSession: false);
        var nonSessionUserWithSession = await UserAsync(nonSession, "hi", opensSession: true);
        var optIn = TestChannel.NewPlatformKey();
        var help = TestChannel.NewPlatformKey();
        var optOut = TestChannel.NewPlatformKey();
        var idempotencyRun = Guid.NewGuid().ToString("N");

        return
        [
            In("ROUTING_REASON_CHANNEL_NOT_FOUND (inbound)", RoutingReason.ChannelNotFound, unknown, _ => optOut, "hello"),
            In("ROUTING_REASON_OPT_OUT_KEYWORD", RoutingReason.OptOutKeyword, service.Id, _ => optOut, "STOP"),
            In("ROUTING_REASON_NO_ACTIVE_USAGE", RoutingReason.NoActiveUsage, inactive.Id, _ => optOut, "hello"),
            In("ROUTING_REASON_OPT_IN_KEYWORD (already opted in)", RoutingReason.OptInKeyword, service.Id, _ => optIn, "START"),
            In("ROUTING_REASON_HELP_KEYWORD", RoutingReason.HelpKeyword, service.Id, _ => help, "HELP"),
            In("ROUTING_REASON_SERVICE_ONLY first contact (new user + session)", RoutingReason.ServiceOnly, service.Id, _ => TestChannel.NewPlatformKey(), "hello"),
            In("ROUTING_REASON_SERVICE_ONLY first contact + message_id (new id each)", RoutingReason.ServiceOnly, service.Id, _ => TestChannel.NewPlatformKey(), "hello", i => $"{idempotencyRun}-first-{i}"),
            In("ROUTING_REASON_SERVICE_ONLY steady (open session)", RoutingReason.ServiceOnly, service.Id, _ => withSession, "hello again"),
            In("ROUTING_REASON_SERVICE_ONLY steady + message_id (new id each)", RoutingReason.ServiceOnly, service.Id, _ => withSession, "hello again", i => $"{idempotencyRun}-{i}"),
            In("ROUTING_REASON_SERVICE_ONLY steady + message_id (replay)", RoutingReason.ServiceOnly, service.Id, _ => withSession, "hello again", _ => idempotencyRun),
            In("ROUTING_REASON_MARKETING_ONLY steady", RoutingReason.MarketingOnly, marketing.Id, _ => implicitNoSession, "hello"),
            In("ROUTING_REASON_MARKETING_KEYWORD steady (no session)", RoutingReason.MarketingKeyword, keywordsOnly.Id, _ => keywordUser, "JOIN now"),
            In("ROUTING_REASON_NOT_A_MARKETING_KEYWORD steady (open session)", RoutingReason.NotAMarketingKeyword, keywordsOnly.Id, _ => keywordUserWithSession, "hello"),
            In("ROUTING_REASON_ACTIVE_SERVICE_SESSION inbound steady", RoutingReason.ActiveServiceSession, nonSession.Id, _ => nonSessionUserWithSession, "hello"),
            In("ROUTING_REASON_NO_ACTIVE_SERVICE_SESSION steady", RoutingReason.NoActiveServiceSession, nonSession.Id, _ => nonSessionUser, "hello"),
            Out("ROUTING_REASON_CHANNEL_NOT_FOUND (outbound)", RoutingReason.ChannelNotFound, unknown, optOut, Handler.OmniChannel),
            Out("OPTED_OUT", RoutingReason.OptedOut, service.Id, optedOut, Handler.OmniChannel),
            Out("USAGE_NOT_ACTIVE", RoutingReason.UsageNotActive, marketing.Id, implicitNoSession, Handler.OmniChannel),
            Out("CONSENT_REQUIRED", RoutingReason.ConsentRequired, marketingExplicit.Id, implicitOnExplicit, Handler.JourneyBuilder),
            Out("ROUTING_REASON_SENDER_ALLOWED steady (no session)", RoutingReason.SenderAllowed, marketing.Id, implicitNoSession, Handler.JourneyBuilder),
            Out("ROUTING_REASON_ACTIVE_SERVICE_SESSION outbound steady", RoutingReason.ActiveServiceSession, service.Id, withSession, Handler.JourneyBuilder),
        ];

        Branch In(string name, RoutingReason reason, string channelId, Func<int, string> key, string text, Func<int, string>? messageId = null)
            => new(name, reason, i => router.InboundAsync(channelId, key(i), text, messageId?.Invoke(i)));

        Branch Out(string name, RoutingReason reason, string channelId, string key, Handler sender)
            => new(name, reason, _ => router.OutboundAsync(channelId, key, sender));

        async Task<string> UserAsync(TestChannel channel, string text, bool? opensSession = null)
        {
            var key = TestChannel.NewPlatformKey();
            if (opensSession is true)
            {
                // Under NonSessionMessages an inbound opens no session: the agent's message does.
                await router.InboundAsync(channel.Id, key, text);
                var opened = await router.OutboundAsync(channel.Id, key, Handler.OmniChannel);
                Assert.NotEmpty(opened.SessionId);
                return key;
            }

            await router.InboundAsync(channel.Id, key, text);
            return key;
        }
    }

    private async Task<Dictionary<string, long>> CommandStatsAsync()
    {
        var text = await fixture.Redis.CliAsync("info", "commandstats").WithTimeout();
        var stats = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var calls = line[(colon + 1)..].Split(',')[0];
            stats[line[8..colon]] = long.Parse(calls["calls=".Length..], CultureInfo.InvariantCulture);
        }

        return stats;
    }

    /// <summary>One routing branch: its name, the reason every message must get, and how to send message i.</summary>
    private sealed record Branch(string Name, RoutingReason Reason, Func<int, Task<RoutingDecision>> Send);
}
