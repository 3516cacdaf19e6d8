using MessagingChannelUsage.Gateway.Tests.Infrastructure;

namespace MessagingChannelUsage.Gateway.Tests.Admin;

// The admin end-to-end suites run against BOTH stores: the same tests, one class per store.

[Collection(SharedGateway.Name)]
public sealed class ChannelServiceOnMemory(GatewayFixture fixture) : ChannelServiceTests(fixture);

[Collection(SharedRedisGateway.Name)]
public sealed class ChannelServiceOnRedis(RedisGatewayFixture fixture) : ChannelServiceTests(fixture);

[Collection(SharedGateway.Name)]
public sealed class UsageWritesOnMemory(GatewayFixture fixture) : UsageWriteTests(fixture);

[Collection(SharedRedisGateway.Name)]
public sealed class UsageWritesOnRedis(RedisGatewayFixture fixture) : UsageWriteTests(fixture);

[Collection(SharedGateway.Name)]
public sealed class UsageBadInputOnMemory(GatewayFixture fixture) : UsageBadInputTests(fixture);

[Collection(SharedRedisGateway.Name)]
public sealed class UsageBadInputOnRedis(RedisGatewayFixture fixture) : UsageBadInputTests(fixture);

[Collection(SharedGateway.Name)]
public sealed class UsageReadsOnMemory(GatewayFixture fixture) : UsageReadTests(fixture);

[Collection(SharedRedisGateway.Name)]
public sealed class UsageReadsOnRedis(RedisGatewayFixture fixture) : UsageReadTests(fixture);

[Collection(SharedGateway.Name)]
public sealed class DeploymentLifecycleOnMemory(GatewayFixture fixture) : DeploymentLifecycleTests(fixture);

[Collection(SharedRedisGateway.Name)]
public sealed class DeploymentLifecycleOnRedis(RedisGatewayFixture fixture) : DeploymentLifecycleTests(fixture);

public sealed class ExternalProvisionerOnMemory(ExternalProvisionerFixture.Memory fixture)
    : ExternalProvisionerTests(fixture), IClassFixture<ExternalProvisionerFixture.Memory>;

public sealed class ExternalProvisionerOnRedis(ExternalProvisionerFixture.Redis fixture)
    : ExternalProvisionerTests(fixture), IClassFixture<ExternalProvisionerFixture.Redis>;
