namespace MessagingChannelUsage.TestSupport;

/// <summary>
/// xunit fixture: one private redis-server for a test collection, killed at the end. Use it as
/// <c>[CollectionDefinition("redis")] public sealed class RedisCollection : ICollectionFixture&lt;RedisServerFixture&gt;;</c>
/// in the test assembly (xunit wants the definition there). Isolate tests with distinct key prefixes.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? server;

    public RedisServer Server => server ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>"127.0.0.1:port".</summary>
    public string Endpoint => Server.Endpoint;

    public async Task InitializeAsync() => server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
