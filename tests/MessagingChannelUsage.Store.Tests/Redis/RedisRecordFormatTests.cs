using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.TestSupport;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Redis;

/// <summary>
/// Golden tests of the stored format (docs/redis.md): the exact keys and hash fields a write leaves
/// in Redis, read back with redis-cli. A change here is a data migration: update the docs too.
/// Times are UTC ticks: 639313668000000000 is 2026-11-27T09:00:00Z (TestRecords.T0).
/// </summary>
[Collection(RedisServerTests.Name)]
public sealed class RedisRecordFormatTests(RedisServerFixture redis) : IAsyncLifetime
{
    private const string ChannelId = "0Mj000000000001AAA";
    private const string UsageId = "0Mu000000000001AAA";
    private readonly string prefix = RedisTestStores.NewPrefix();
    private RedisStore? store;

    public async Task InitializeAsync() => store = await RedisTestStores.StartAsync(RedisTestStores.Options(redis.Endpoint, prefix));

    public async Task DisposeAsync() => await store!.DisposeAsync();

    [Fact]
    public async Task Channel_IsStoredAsAHashWithOneFieldPerProperty()
    {
        var channel = Channel() with { Id = ChannelId, DeveloperName = "Support_WA", FallbackQueueId = null, OptInKeywords = ["START", "YES"], HelpResponse = null, OptInPrompt = null };
        await store!.Channels.InsertAsync(channel, CancellationToken.None).WithTimeout();

        var fields = await HashAsync($"{prefix}:{{{ChannelId}}}:channel");

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["ver"] = "1",
                ["id"] = ChannelId,
                ["dn"] = "Support_WA",
                ["ml"] = "Support on WhatsApp",
                ["kind"] = "2",
                ["mt"] = "1",
                ["kin"] = "[\"START\",\"YES\"]",
                ["kout"] = "[\"STOP\",\"UNSUBSCRIBE\"]",
                ["khelp"] = "[\"HELP\"]",
                ["kmkt"] = "[\"JOIN\",\"DEALS\"]",
                ["cout"] = "You are opted out.",
                ["cd"] = "639313668000000000",
                ["lmd"] = "639313668000000000",
                ["sms"] = "639313668000000000",
            },
            fields);
        Assert.Equal(ChannelId, (await redis.Server.CliAsync("zrange", $"{prefix}:channels", "0", "-1")).Trim());
        Assert.StartsWith(ChannelId + "|", (await redis.Server.CliAsync("hget", $"{prefix}:devnames", "support_wa")).Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeywordSetsAndCustomKeywords_AreStoredAsJsonArraysInTheChannelHash()
    {
        var channel = MultilingualChannel() with { Id = ChannelId, DeveloperName = "Multi_WA" };
        await store!.Channels.InsertAsync(channel, CancellationToken.None).WithTimeout();

        var fields = await HashAsync($"{prefix}:{{{ChannelId}}}:channel");

        Assert.Equal(
            "[{\"lang\":\"es\",\"kout\":[\"BAJA\",\"ALTO\"],\"khelp\":[\"AYUDA\"],\"cout\":\"Has sido dado de baja.\",\"help\":\"Responde BAJA para salir.\"}]",
            fields["ksets"]);
        Assert.Equal(
            "[{\"kw\":\"HOURS\",\"m\":1,\"r\":\"Open 9-5\",\"to\":1},{\"kw\":\"PRECIO\",\"m\":2,\"r\":\"Precios: example.com\",\"lang\":\"es\",\"to\":3}]",
            fields["ckw"]);
    }

    [Fact]
    public async Task PreferredLanguage_IsTheEndUsersPlField()
    {
        await store!.Channels.InsertAsync(Channel() with { Id = ChannelId }, CancellationToken.None).WithTimeout();
        var applied = await store.EndUsers.ApplyAsync(ChannelId, "+15550002", null, new EndUserEffects(ConsentStatus.OptedOut, null, "es"), T0, CancellationToken.None).WithTimeout();

        Assert.Equal(
            new Dictionary<string, string> { ["id"] = applied.State.EndUserId!, ["cs"] = "4", ["ct"] = "639313668000000000", ["pl"] = "es" },
            await HashAsync($"{prefix}:{{{ChannelId}}}:eu:+15550002"));
    }

    [Fact]
    public async Task UsageEndUserAndSession_AreStoredAsDocumented()
    {
        await store!.Channels.InsertAsync(Channel() with { Id = ChannelId }, CancellationToken.None).WithTimeout();
        var usage = Usage(ChannelId, DeploymentType.MJ, DeploymentStatus.Disabled) with { Id = UsageId, DisabledTime = T0.AddHours(1) };
        await store.Usages.InsertAsync(usage, CancellationToken.None).WithTimeout();
        var applied = await store.EndUsers.ApplyAsync(ChannelId, "+15550001", null, new EndUserEffects(ConsentStatus.ExplicitlyOptedIn, SessionOrigin.AgentInitiated), T0, CancellationToken.None).WithTimeout();
        var endUserId = applied.State.EndUserId!;
        var sessionId = applied.State.OpenSessionId!;

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["id"] = UsageId,
                ["ch"] = ChannelId,
                ["type"] = "3",
                ["status"] = "6",
                ["consent"] = "1",
                ["ovr"] = "1",
                ["dis"] = "639313704000000000",
                ["cd"] = "639313668000000000",
                ["lmd"] = "639313668000000000",
                ["sms"] = "639313668000000000",
            },
            await HashAsync($"{prefix}:{{{ChannelId}}}:usage:MJ"));
        Assert.Equal(
            new Dictionary<string, string> { ["id"] = endUserId, ["cs"] = "2", ["ct"] = "639313668000000000", ["sid"] = sessionId, ["sst"] = "1" },
            await HashAsync($"{prefix}:{{{ChannelId}}}:eu:+15550001"));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["id"] = sessionId,
                ["ch"] = ChannelId,
                ["eu"] = endUserId,
                ["pk"] = "+15550001",
                ["st"] = "1",
                ["or"] = "2",
                ["start"] = "639313668000000000",
            },
            await HashAsync($"{prefix}:{{{ChannelId}}}:session:{sessionId}"));
        Assert.Equal(sessionId, (await redis.Server.CliAsync("zrange", $"{prefix}:{{{ChannelId}}}:open", "0", "-1")).Trim());
        Assert.Equal(ChannelId, (await redis.Server.CliAsync("hget", $"{prefix}:sessions", sessionId)).Trim());
        Assert.Equal(ChannelId, (await redis.Server.CliAsync("hget", $"{prefix}:usages", UsageId)).Trim());
        Assert.Equal("2", (await redis.Server.CliAsync("hget", $"{prefix}:{{{ChannelId}}}:channel", "ver")).Trim());
    }

    private async Task<Dictionary<string, string>> HashAsync(string key)
    {
        var lines = (await redis.Server.CliAsync("--no-raw", "hgetall", key).WithTimeout()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var values = lines.Select(Unquote).ToList();
        var hash = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < values.Count; i += 2)
        {
            hash[values[i]] = values[i + 1];
        }

        return hash;
    }

    /// <summary>--no-raw lines look like: 1) "field" (redis-cli escapes quotes inside).</summary>
    private static string Unquote(string line)
    {
        var start = line.IndexOf('"', StringComparison.Ordinal);
        var end = line.LastIndexOf('"');
        return line[(start + 1)..end].Replace("\\\"", "\"", StringComparison.Ordinal);
    }
}
