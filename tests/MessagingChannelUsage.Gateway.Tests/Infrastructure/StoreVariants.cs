using MessagingChannelUsage.Gateway.Tests.Routing;
using MessagingChannelUsage.Gateway.Tests.Sessions;

namespace MessagingChannelUsage.Gateway.Tests.Infrastructure;

// The end-to-end suites run against BOTH stores: the same tests, one class per store.

[Collection(SharedGateway.Name)]
public sealed class InboundRoutingOnMemory(GatewayFixture fixture) : InboundRoutingTests(fixture);

[Collection(SharedRedisGateway.Name)]
public sealed class InboundRoutingOnRedis(RedisGatewayFixture fixture) : InboundRoutingTests(fixture);

[Collection(SharedGateway.Name)]
public sealed class OutboundRoutingOnMemory(GatewayFixture fixture) : OutboundRoutingTests(fixture);

[Collection(SharedRedisGateway.Name)]
public sealed class OutboundRoutingOnRedis(RedisGatewayFixture fixture) : OutboundRoutingTests(fixture);

[Collection(SharedGateway.Name)]
public sealed class ConsentFlowOnMemory(GatewayFixture fixture) : ConsentFlowTests(fixture);

[Collection(SharedRedisGateway.Name)]
public sealed class ConsentFlowOnRedis(RedisGatewayFixture fixture) : ConsentFlowTests(fixture);

[Collection(SharedGateway.Name)]
public sealed class IdempotencyOnMemory(GatewayFixture fixture) : IdempotencyTests(fixture);

[Collection(SharedRedisGateway.Name)]
public sealed class IdempotencyOnRedis(RedisGatewayFixture fixture) : IdempotencyTests(fixture);

[Collection(SharedGateway.Name)]
public sealed class RouteStreamOnMemory(GatewayFixture fixture) : RouteStreamTests(fixture);

[Collection(SharedRedisGateway.Name)]
public sealed class RouteStreamOnRedis(RedisGatewayFixture fixture) : RouteStreamTests(fixture);

[Collection(SharedGateway.Name)]
public sealed class ConcurrencyOnMemory(GatewayFixture fixture) : ConcurrencyTests(fixture);

[Collection(SharedRedisGateway.Name)]
public sealed class ConcurrencyOnRedis(RedisGatewayFixture fixture) : ConcurrencyTests(fixture);

[Collection(SharedGateway.Name)]
public sealed class SessionServiceOnMemory(GatewayFixture fixture) : SessionServiceTests(fixture);

[Collection(SharedRedisGateway.Name)]
public sealed class SessionServiceOnRedis(RedisGatewayFixture fixture) : SessionServiceTests(fixture);

[Collection(SharedGateway.Name)]
public sealed class KeywordSetFlowOnMemory(GatewayFixture fixture) : KeywordSetFlowTests(fixture);

[Collection(SharedRedisGateway.Name)]
public sealed class KeywordSetFlowOnRedis(RedisGatewayFixture fixture) : KeywordSetFlowTests(fixture);
