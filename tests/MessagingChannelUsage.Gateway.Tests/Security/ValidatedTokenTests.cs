using Grpc.Core;
using MessagingChannelUsage.Gateway.Security;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>
/// Validated tokens over the real gateway: a token is validated in full once and then found,
/// yet a found token never authenticates past its exp or after its signing key left the key file.
/// </summary>
public sealed class ValidatedTokenTests
{
    private const string LookupsInstrument = "mcu.gateway.security.validated_tokens.lookups";

    [Fact]
    public async Task ATokenSentAgain_IsFoundAmongTheValidatedOnes_InsteadOfBeingValidatedAgain()
    {
        using var tokens = new TestTokenIssuer();
        await using var host = await StartAsync(tokens.GatewaySettings());
        using var lookups = Lookups(host);
        var bearer = SecuredGatewayFixture.Bearer(tokens.Mint("connector", "messaging.route"));

        for (var call = 0; call < 3; call++)
        {
            await RouteAsync(host, bearer);
        }

        var results = lookups.GetMeasurementSnapshot();
        Assert.Equal(1, results.Where(m => Equals(m.Tags["result"], "miss")).Sum(m => m.Value));
        Assert.Equal(2, results.Where(m => Equals(m.Tags["result"], "hit")).Sum(m => m.Value));
    }

    [Fact]
    public async Task AFoundToken_IsRefusedOnceItsExpHasPassed()
    {
        using var tokens = new TestTokenIssuer();
        var settings = tokens.GatewaySettings();
        settings["Security:Jwt:ClockSkew"] = "00:00:00";
        await using var host = await StartAsync(settings);
        using var lookups = Lookups(host);
        var expires = DateTime.UtcNow.AddSeconds(6);
        var bearer = SecuredGatewayFixture.Bearer(tokens.Mint("connector", "messaging.route", expires: expires));

        await RouteAsync(host, bearer);
        await RouteAsync(host, bearer);
        Assert.Contains(lookups.GetMeasurementSnapshot(), m => Equals(m.Tags["result"], "hit"));

        // exp is in whole seconds (rounded down): wait until it has surely passed.
        var wait = expires.AddSeconds(1) - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => RouteAsync(host, bearer));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task AFoundToken_IsRefusedOnceItsSigningKeyIsRemovedFromTheKeyFile_WhileTheRemainingKeyStillWorks()
    {
        using var tokens = new TestTokenIssuer();
        var keyFile = Path.Combine(tokens.Directory, "rotating.pem");
        File.Copy(tokens.BothPemFile, keyFile);
        await using var host = await StartAsync(tokens.GatewaySettings(keyFile));
        using var lookups = Lookups(host);
        var retiring = SecuredGatewayFixture.Bearer(tokens.Mint("connector", "messaging.route", key: TokenKey.Ec));
        var staying = SecuredGatewayFixture.Bearer(tokens.Mint("connector", "messaging.route", key: TokenKey.Rsa));
        await RouteAsync(host, retiring);
        await RouteAsync(host, retiring);
        await RouteAsync(host, staying);
        Assert.Contains(lookups.GetMeasurementSnapshot(), m => Equals(m.Tags["result"], "hit"));

        // Rotation: the EC key leaves the file (a later write time, whatever the file system's resolution).
        var written = File.GetLastWriteTimeUtc(keyFile);
        File.WriteAllText(keyFile, File.ReadAllText(tokens.RsaPemFile));
        File.SetLastWriteTimeUtc(keyFile, written.AddSeconds(10));

        // The file is checked again within JwtKeyFile.CheckInterval; wait for the refusal (bounded).
        RpcException? refused = null;
        for (var attempt = 0; attempt < 60 && refused is null; attempt++)
        {
            try
            {
                await RouteAsync(host, retiring);
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
            catch (RpcException exception)
            {
                refused = exception;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        await RouteAsync(host, staying);
    }

    private static Task<GatewayHost> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Store:Kind"] = "Memory";
        settings["Security:Limits:RoutingPerSecond"] = "0";
        return GatewayHost.StartAsync(settings);
    }

    private static MetricCollector<long> Lookups(GatewayHost host)
        => new(host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), ValidatedTokens.MeterName, LookupsInstrument);

    private static async Task RouteAsync(GatewayHost host, Metadata bearer)
    {
        var channel = await new TestChannels(host.Services).ServiceOnlyAsync();
        var decision = await host.CreateClient<MessageRouter.MessageRouterClient>()
            .RouteInboundAsync(Messages.Inbound(channel.Id, TestChannel.NewPlatformKey(), "hello"), bearer, Calls.Deadline);
        Assert.Equal(Handler.OmniChannel, decision.Handler);
    }
}
