using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Gateway.Tests.Infrastructure;

/// <summary>The real gateway on the Redis store, backed by a private redis-server on a free loopback port.</summary>
public sealed class RedisGatewayFixture : GatewayFixture
{
    private RedisServer? redis;

    public RedisServer Redis => redis ?? throw new InvalidOperationException("Redis is not started.");

    protected override async Task<IReadOnlyDictionary<string, string?>> GetConfigurationAsync()
    {
        redis = await RedisServer.StartAsync();
        return new Dictionary<string, string?>
        {
            ["Store:Kind"] = "Redis",
            ["Store:RedisConnectionString"] = redis.Endpoint,
        };
    }

    protected override async Task DisposeDependenciesAsync()
    {
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedRedisGateway : ICollectionFixture<RedisGatewayFixture>
{
    public const string Name = "Gateway (Redis store)";
}
