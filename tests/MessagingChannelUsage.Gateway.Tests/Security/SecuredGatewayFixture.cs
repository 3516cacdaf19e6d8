using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>
/// A real gateway that requires bearer tokens (Security:Jwt:KeyFile = keys generated at test
/// start), on the Memory store, with the external provisioner off and limits high enough not
/// to interfere. Tests mint their own tokens with <see cref="Tokens"/>.
/// </summary>
public class SecuredGatewayFixture : IAsyncLifetime
{
    public const string AllScopes = "messaging.route messaging.read messaging.admin";

    private GatewayHost? host;

    public TestTokenIssuer Tokens { get; } = new();

    public GatewayHost Host => host ?? throw new InvalidOperationException("The gateway is not started.");

    public TestChannels Channels => new(Host.Services);

    /// <summary>Every permission on every channel: for setting up what a test needs.</summary>
    public Metadata Admin => Bearer(Tokens.Mint("test-admin", AllScopes));

    public static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    public TClient CreateClient<TClient>()
        where TClient : ClientBase<TClient>
        => Host.CreateClient<TClient>();

    public virtual async Task InitializeAsync()
    {
        var settings = Tokens.GatewaySettings();
        foreach (var (key, value) in ExtraSettings())
        {
            settings[key] = value;
        }

        host = await GatewayHost.StartAsync(settings);
    }

    public virtual async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        Tokens.Dispose();
    }

    /// <summary>Settings a derived fixture adds (store, limits).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings()
        => [new("Store:Kind", "Memory"), new("Security:Limits:AdminPerSecond", "0"), new("Security:Limits:RoutingPerSecond", "0")];
}

[CollectionDefinition(Name)]
public sealed class SecuredGateway : ICollectionFixture<SecuredGatewayFixture>
{
    public const string Name = "Gateway with bearer tokens (Memory store)";
}
