using System.CommandLine;
using MessagingChannelUsage.Client;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>mcu against a gateway that requires credentials: --token, --ca, --cert/--key, https://.</summary>
[Collection(SecuredGateway.Name)]
public sealed class CliSecurityTests(SecuredGatewayFixture fixture)
{
    [Fact]
    public async Task WithAToken_ACommandIsServed()
    {
        var token = fixture.Tokens.Mint("cli", "messaging.read");

        var (exit, output, error) = await RunAsync(fixture.Host.Address.ToString(), "usage", "describe", "--token", token);

        Assert.True(exit == 0, error);
        Assert.Contains("name: MessagingChannelUsage", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAToken_TheCommandFails_SayingUnauthenticated()
    {
        var (exit, _, error) = await RunAsync(fixture.Host.Address.ToString(), "usage", "describe", "--token", "");

        Assert.Equal(CliApp.RpcFailed, exit);
        Assert.Contains("Unauthenticated", error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("INVALID_SESSION_ID", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverHttps_WithTheCaAndAClientCertificate_ACommandIsServed()
    {
        using var certificates = new TestCertificates();
        var settings = certificates.KestrelSettings();
        settings["Gateway:Urls"] = "https://127.0.0.1:0";
        settings["Store:Kind"] = "Memory";
        settings["Security:ClientCertificates:CaBundle"] = certificates.CaBundleFile;
        settings["Security:ClientCertificates:Identities:connector-1:Scopes"] = "messaging.read";
        await using var host = await GatewayHost.StartAsync(settings);

        var (exit, output, error) = await RunAsync(
            host.Address.ToString(), "usage", "describe", "--ca", certificates.CaBundleFile, "--cert", certificates.ClientCertificateFile, "--key", certificates.ClientKeyFile);
        var (anonymousExit, _, anonymousError) = await RunAsync(host.Address.ToString(), "usage", "describe", "--ca", certificates.CaBundleFile);

        Assert.True(exit == 0, error);
        Assert.Contains("name: MessagingChannelUsage", output, StringComparison.Ordinal);
        Assert.Equal(CliApp.RpcFailed, anonymousExit);
        Assert.Contains("Unauthenticated", anonymousError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ACertificateWithoutItsKey_IsAUsageError()
    {
        var (exit, _, error) = await RunAsync(fixture.Host.Address.ToString(), "usage", "describe", "--cert", "/tmp/client.pem");

        Assert.Equal(1, exit);
        Assert.Contains("--cert and --key", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string address, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var parse = CliApp.BuildRootCommand().Parse([.. args, "--address", address, "--timeout", "30"]);
        var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).WaitAsync(Calls.Timeout);
        return (exit, output.ToString(), error.ToString());
    }
}
