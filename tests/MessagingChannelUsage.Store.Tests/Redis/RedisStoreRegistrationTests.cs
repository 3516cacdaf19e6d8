using System.Globalization;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Tests.Contract;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Store.Tests.Redis;

[Collection(RedisServerTests.Name)]
public sealed class RedisStoreRegistrationTests(RedisServerFixture redis)
{
    [Fact]
    public async Task AddStore_WithKindRedis_ConnectsAtStartAndServesEveryInterfaceFromRedis()
    {
        var prefix = RedisTestStores.NewPrefix();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Kind"] = "Redis",
            ["Store:RedisConnectionString"] = redis.Endpoint,
            ["Store:RedisKeyPrefix"] = prefix,
        }).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddStore(configuration);
        using var host = builder.Build();
        await host.StartAsync().WithTimeout();

        var channel = TestRecords.Channel();
        await host.Services.GetRequiredService<IChannelRepository>().InsertAsync(channel, CancellationToken.None).WithTimeout();
        var snapshot = await host.Services.GetRequiredService<IChannelSnapshotSource>().GetAsync(channel.Id, CancellationToken.None).WithTimeout();
        var idempotency = host.Services.GetRequiredService<IIdempotencyStore>();
        await idempotency.SetAsync(channel.Id, "msg-1", [7, 8], CancellationToken.None).WithTimeout();

        Assert.Equal(channel.Id, snapshot!.ChannelId);
        Assert.Equal("1", (await redis.Server.CliAsync("exists", $"{prefix}:{{{channel.Id}}}:channel")).Trim());
        Assert.Equal([7, 8], await idempotency.TryGetAsync(channel.Id, "msg-1", CancellationToken.None).WithTimeout());
        var ttl = long.Parse((await redis.Server.CliAsync("ttl", $"{prefix}:{{{channel.Id}}}:idem:msg-1")).Trim(), CultureInfo.InvariantCulture);
        Assert.InRange(ttl, TimeSpan.FromHours(23).TotalSeconds, TimeSpan.FromHours(24).TotalSeconds);
        await host.StopAsync().WithTimeout();
    }

    [Fact]
    public void AddRedisStore_WithoutConnectionString_FailsValidationNamingTheSetting()
    {
        var services = new ServiceCollection().AddLogging().AddRedisStore(_ => { });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StoreOptions>>().Value);

        Assert.Contains("Store:RedisConnectionString is required", error.Message, StringComparison.Ordinal);
    }
}
