using Grpc.Core;
using MessagingChannelUsage.Gateway.Security;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>
/// Security:Jwt:Authority (OIDC discovery) against a real authority on loopback: the gateway takes
/// its trusted keys and the expected issuer from the discovery document, and the validated-token
/// fast path (a token seen before) checks its key against the document's current keys.
/// </summary>
public sealed class OidcAuthorityTests
{
    [Fact]
    public async Task ATokenSignedByAKeyTheAuthorityPublishes_Routes_AgainAndAgain()
    {
        using var tokens = new TestTokenIssuer();
        await using var authority = await LoopbackIdentityProvider.StartAsync(tokens);
        await using var host = await StartAsync(authority);
        using var lookups = new MetricCollector<long>(
            host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            ValidatedTokens.MeterName,
            "mcu.gateway.security.validated_tokens.lookups");
        var bearer = SecuredGatewayFixture.Bearer(tokens.Mint("connector", "messaging.route", key: TokenKey.Ec));

        // The first call validates in full; the next ones find the token among the validated ones.
        for (var call = 0; call < 3; call++)
        {
            Assert.Equal(Handler.OmniChannel, (await RouteAsync(host, bearer)).Handler);
        }

        Assert.True(authority.JwksRequests >= 1);
        var results = lookups.GetMeasurementSnapshot();
        Assert.Equal(2, results.Where(m => Equals(m.Tags["result"], "hit")).Sum(m => m.Value));
    }

    [Theory]
    [InlineData("stranger key")]
    [InlineData("other issuer")]
    [InlineData("other audience")]
    public async Task ATokenTheAuthorityDidNotIssue_IsRefused_EvenRightAfterAGoodOne(string flaw)
    {
        using var tokens = new TestTokenIssuer();
        await using var authority = await LoopbackIdentityProvider.StartAsync(tokens);
        await using var host = await StartAsync(authority);
        await RouteAsync(host, SecuredGatewayFixture.Bearer(tokens.Mint("connector", "messaging.route")));
        var token = flaw switch
        {
            "stranger key" => tokens.Mint("connector", "messaging.route", key: TokenKey.Stranger),
            "other issuer" => tokens.Mint("connector", "messaging.route", issuer: "https://elsewhere.test/"),
            _ => tokens.Mint("connector", "messaging.route", audience: "another-service"),
        };

        var refused = await Assert.ThrowsAsync<RpcException>(() => RouteAsync(host, SecuredGatewayFixture.Bearer(token)));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    private static Task<GatewayHost> StartAsync(LoopbackIdentityProvider authority)
        => GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Store:Kind"] = "Memory",
            ["Security:Limits:RoutingPerSecond"] = "0",
            ["Security:Jwt:Authority"] = authority.Authority,
            ["Security:Jwt:RequireHttpsMetadata"] = "false",
            ["Security:Jwt:Audience"] = TestTokenIssuer.Audience,
        });

    private static async Task<RoutingDecision> RouteAsync(GatewayHost host, Metadata bearer)
    {
        var channel = await new TestChannels(host.Services).ServiceOnlyAsync();
        return await host.CreateClient<MessageRouter.MessageRouterClient>()
            .RouteInboundAsync(Messages.Inbound(channel.Id, TestChannel.NewPlatformKey(), "hello"), bearer, Calls.Deadline);
    }
}
