using System.Globalization;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.TestSupport;
using Xunit.Abstractions;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Redis;

/// <summary>
/// Counts the Redis commands each routing-path operation costs, from INFO commandstats deltas on a
/// private server (nothing else talks to it). The counts are asserted (they are the design: one
/// command per read, one script per write); the table is printed for docs/redis.md. No timing.
/// Rerun: dotnet test tests/MessagingChannelUsage.Store.Tests -c Release --filter RedisCommandCount --logger "console;verbosity=detailed"
/// </summary>
public sealed class RedisCommandCountTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Repeats = 200;
    private RedisServer? server;
    private RedisStore? store;

    private RedisStore Store => store!;

    public async Task InitializeAsync()
    {
        server = await RedisServer.StartAsync();
        // The raw cost of each operation: the end-user near cache (which answers warm reads with
        // nothing sent) has its own tests (RedisEndUserNearCacheTests).
        var options = RedisTestStores.Options(server.Endpoint);
        options.EndUserCache = false;
        store = await RedisTestStores.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await server!.DisposeAsync();
    }

    [Fact]
    public async Task RoutingPathOperations_CostOneCommandEach_ExceptASessionOpeningApplyWhichAddsItsIndexWrite()
    {
        var channel = Channel();
        await Store.Channels.InsertAsync(channel, CancellationToken.None).WithTimeout();
        await Store.Usages.InsertAsync(Usage(channel.Id, DeploymentType.Conversation), CancellationToken.None).WithTimeout();
        var known = await Store.EndUsers.ApplyAsync(channel.Id, "known", null, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated), T0, CancellationToken.None).WithTimeout();
        var idempotency = Store.Idempotency;
        var counter = 0;

        var rows = new List<(string Operation, Dictionary<string, double> PerCall)>
        {
            ("IChannelStateReader.LoadAsync", await MeasureAsync(() => Store.States.LoadAsync(channel.Id, CancellationToken.None))),
            ("IEndUserStore.GetStateAsync", await MeasureAsync(() => Store.EndUsers.GetStateAsync(channel.Id, "known", CancellationToken.None))),
            ("ApplyAsync, consent change only", await MeasureAsync(() => Store.EndUsers.ApplyAsync(channel.Id, "known", null, new EndUserEffects(Interlocked.Increment(ref counter) % 2 == 0 ? ConsentStatus.OptedOut : ConsentStatus.ExplicitlyOptedIn, null), T0, CancellationToken.None))),
            ("ApplyAsync, open session kept", await MeasureAsync(() => Store.EndUsers.ApplyAsync(channel.Id, "known", known.State, new EndUserEffects(null, SessionOrigin.InboundInitiated), T0, CancellationToken.None))),
            ("ApplyAsync, new user + session", await MeasureAsync(() => Store.EndUsers.ApplyAsync(channel.Id, "new-" + Interlocked.Increment(ref counter), EndUserStateUnknown, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated), T0, CancellationToken.None))),
            ("IIdempotencyStore.TryGetAsync (miss)", await MeasureAsync(() => idempotency.TryGetAsync(channel.Id, "absent", CancellationToken.None))),
            ("IIdempotencyStore.SetAsync", await MeasureAsync(() => idempotency.SetAsync(channel.Id, "m-" + Interlocked.Increment(ref counter), [1, 2, 3], CancellationToken.None))),
            ("ApplyAsync + idempotency record, consent change only", await MeasureAsync(() => Store.EndUsers.ApplyAsync(channel.Id, "known", null, new EndUserEffects(Interlocked.Increment(ref counter) % 2 == 0 ? ConsentStatus.OptedOut : ConsentStatus.ExplicitlyOptedIn, null), T0, new IdempotencyRecordWrite("r-" + counter, [0x0A, 0x01, 0x72], WithSessionId: false), CancellationToken.None))),
        };

        output.WriteLine($"Per call (deltas over {Repeats} calls, after warm-up): commands sent by the client | commands Redis executed (INFO commandstats, script bodies included)");
        foreach (var (operation, perCall) in rows)
        {
            var executed = perCall.Where(p => p.Key != Sent).ToList();
            output.WriteLine($"| {operation} | {perCall[Sent]:0.##} | {executed.Sum(p => p.Value):0.##}: {string.Join(", ", executed.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:0.##}"))} |");
        }

        // Sent commands, rounded: the multiplexer's heartbeat may add a stray one over 200 calls.
        Assert.Equal(1, Math.Round(rows[0].PerCall[Sent], 1));
        Assert.Equal(1, rows[0].PerCall.GetValueOrDefault("evalsha"));
        Assert.Equal(1, Math.Round(rows[1].PerCall[Sent], 1));
        Assert.Equal(1, rows[1].PerCall.GetValueOrDefault("hmget"));
        Assert.Equal(1, Math.Round(rows[2].PerCall[Sent], 1));
        Assert.Equal(1, Math.Round(rows[3].PerCall[Sent], 1));
        Assert.Equal(2, Math.Round(rows[4].PerCall[Sent], 1));

        // A message id: one GET to find its record, one SETEX (SET with its expiry) to keep it.
        Assert.Equal(1, Math.Round(rows[5].PerCall[Sent], 1));
        Assert.Equal(1, rows[5].PerCall.GetValueOrDefault("get"));
        Assert.Equal(1, Math.Round(rows[6].PerCall[Sent], 1));
        Assert.Equal(1, rows[6].PerCall.GetValueOrDefault("setex"));

        // A message with effects and an id: the record is kept by the Apply script itself (issue 12):
        // still one request, no SETEX, one SET inside the script.
        Assert.Equal(1, Math.Round(rows[7].PerCall[Sent], 1));
        Assert.Equal(1, rows[7].PerCall.GetValueOrDefault("evalsha"));
        Assert.Equal(1, rows[7].PerCall.GetValueOrDefault("set"));
        Assert.Equal(0, rows[7].PerCall.GetValueOrDefault("setex"));
    }

    /// <summary>The key of the client-side count in a measurement.</summary>
    private const string Sent = "(sent)";

    private static EndUserState EndUserStateUnknown => EndUserState.Unknown;

    private async Task<Dictionary<string, double>> MeasureAsync<T>(Func<Task<T>> operation)
    {
        await operation().WithTimeout();
        var before = await CommandStatsAsync();
        var sentBefore = Store.Multiplexer.OperationCount;
        for (var i = 0; i < Repeats; i++)
        {
            await operation().WithTimeout();
        }

        var sent = Store.Multiplexer.OperationCount - sentBefore;
        var after = await CommandStatsAsync();
        var perCall = after
            .Select(p => (p.Key, Delta: p.Value - before.GetValueOrDefault(p.Key)))
            .Where(p => p.Delta > 0 && p.Key is not ("info" or "ping"))
            .ToDictionary(p => p.Key, p => (double)p.Delta / Repeats, StringComparer.Ordinal);
        perCall[Sent] = (double)sent / Repeats;
        return perCall;
    }

    private Task<Dictionary<string, double>> MeasureAsync(Func<Task> operation) => MeasureAsync(async () =>
    {
        await operation();
        return 0;
    });

    private async Task<Dictionary<string, long>> CommandStatsAsync()
    {
        var text = await server!.CliAsync("info", "commandstats").WithTimeout();
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
}
