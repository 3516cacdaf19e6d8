using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Store.Tests.Redis;

/// <summary>Tests sharing the private standalone redis-server (isolated by key prefix).</summary>
[CollectionDefinition(Name)]
public sealed class RedisServerTests : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis";
}

/// <summary>Tests sharing the private 3-master Redis Cluster.</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterTests : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "redis-cluster";
}
