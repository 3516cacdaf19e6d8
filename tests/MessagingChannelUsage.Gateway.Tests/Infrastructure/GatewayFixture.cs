using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Tests.Infrastructure;

/// <summary>
/// One real gateway shared by the tests of a collection. Defaults to the Memory store; a
/// subclass picks another store (e.g. Redis on a private redis-server) by overriding
/// <see cref="GetConfigurationAsync"/> and may start what it needs there first.
/// Tests keep to their own channels (<see cref="TestChannels"/>), so sharing is safe.
/// </summary>
public class GatewayFixture : IAsyncLifetime
{
    private GatewayHost? host;

    public GatewayHost Host => host ?? throw new InvalidOperationException("The gateway is not started.");

    public IServiceProvider Services => Host.Services;

    public MessageRouter.MessageRouterClient Router => Host.CreateClient<MessageRouter.MessageRouterClient>();

    public MessagingSessionService.MessagingSessionServiceClient Sessions => Host.CreateClient<MessagingSessionService.MessagingSessionServiceClient>();

    public MessagingEndUserService.MessagingEndUserServiceClient EndUsers => Host.CreateClient<MessagingEndUserService.MessagingEndUserServiceClient>();

    public TestChannels Channels => new(Services);

    public TClient CreateClient<TClient>()
        where TClient : Grpc.Core.ClientBase<TClient>
        => Host.CreateClient<TClient>();

    public async Task InitializeAsync() => host = await GatewayHost.StartAsync(await GetConfigurationAsync());

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        await DisposeDependenciesAsync();
    }

    /// <summary>Configuration of the gateway under test (Store:Kind and its settings, overrides).</summary>
    protected virtual Task<IReadOnlyDictionary<string, string?>> GetConfigurationAsync()
        => Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?> { ["Store:Kind"] = "Memory" });

    /// <summary>Stops what <see cref="GetConfigurationAsync"/> started (after the gateway stopped).</summary>
    protected virtual Task DisposeDependenciesAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class SharedGateway : ICollectionFixture<GatewayFixture>
{
    public const string Name = "Gateway (Memory store)";
}
