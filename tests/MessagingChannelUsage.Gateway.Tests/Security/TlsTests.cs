using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>TLS and mutual TLS over real Kestrel with certificates made at test start.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly TestCertificates certificates = new();

    [Fact]
    public async Task AnHttpsAddress_ServesGrpcOverTls_WithTheKestrelCertificate()
    {
        await using var host = await StartAsync();
        X509Certificate2? presented = null;
        using var channel = Connect(host, clientCertificate: null, seen: certificate => presented = certificate);

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: Calls.Deadline);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.StartsWith("https://", host.Address.ToString(), StringComparison.Ordinal);
        Assert.Equal(certificates.Server.Thumbprint, presented?.Thumbprint);
    }

    [Fact]
    public async Task ARenewedCertificate_IsServedWithoutARestart()
    {
        await using var host = await StartAsync();
        var renewed = certificates.RenewServer();

        // The files are checked at most every couple of seconds: new connections see it then.
        string? presented = null;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (presented != renewed.Thumbprint)
        {
            deadline.Token.ThrowIfCancellationRequested();
            using var channel = Connect(host, clientCertificate: null, seen: certificate => presented = certificate?.Thumbprint);
            await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: Calls.Deadline);
            if (presented != renewed.Thumbprint)
            {
                await Task.Delay(200, deadline.Token);
            }
        }

        Assert.Equal(renewed.Thumbprint, presented);
    }

    [Fact]
    public async Task ATrustedClientCertificate_GetsThePermissionsConfiguredForItsName()
    {
        await using var host = await StartAsync(MutualTls());
        using var channel = Connect(host, certificates.Client);

        var describe = await new MessagingChannelUsageService.MessagingChannelUsageServiceClient(channel)
            .DescribeSObjectAsync(new DescribeSObjectRequest { Name = "MessagingChannelUsage" }, deadline: Calls.Deadline);
        var route = await Assert.ThrowsAsync<RpcException>(async () => await new MessageRouter.MessageRouterClient(channel)
            .RouteInboundAsync(Messages.Inbound(MessagingChannelUsage.Routing.Ids.SalesforceId.NewId("0Mj"), "+15550001", "hi"), deadline: Calls.Deadline));

        Assert.Equal("MessagingChannelUsage", describe.Name);
        Assert.Equal(StatusCode.PermissionDenied, route.StatusCode);
    }

    [Fact]
    public async Task AnUntrustedClientCertificate_IsUnauthenticated()
    {
        await using var host = await StartAsync(MutualTls());
        using var channel = Connect(host, certificates.UntrustedClient);

        var exception = await Assert.ThrowsAsync<RpcException>(async () => await new MessagingChannelUsageService.MessagingChannelUsageServiceClient(channel)
            .DescribeSObjectAsync(new DescribeSObjectRequest { Name = "MessagingChannelUsage" }, deadline: Calls.Deadline));

        Assert.Equal(StatusCode.Unauthenticated, exception.StatusCode);
    }

    [Fact]
    public async Task NoClientCertificateAndNoToken_IsUnauthenticated_ButHealthAnswers()
    {
        await using var host = await StartAsync(MutualTls());
        using var channel = Connect(host, clientCertificate: null);

        var exception = await Assert.ThrowsAsync<RpcException>(async () => await new MessagingChannelUsageService.MessagingChannelUsageServiceClient(channel)
            .DescribeSObjectAsync(new DescribeSObjectRequest { Name = "MessagingChannelUsage" }, deadline: Calls.Deadline));
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: Calls.Deadline);

        Assert.Equal(StatusCode.Unauthenticated, exception.StatusCode);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task ABearerToken_WorksOverTlsBesideClientCertificates()
    {
        using var tokens = new TestTokenIssuer();
        var settings = MutualTls();
        foreach (var (key, value) in tokens.GatewaySettings())
        {
            settings[key] = value;
        }

        await using var host = await StartAsync(settings);
        using var channel = Connect(host, clientCertificate: null);

        var describe = await new MessagingChannelUsageService.MessagingChannelUsageServiceClient(channel).DescribeSObjectAsync(
            new DescribeSObjectRequest { Name = "MessagingChannelUsage" },
            SecuredGatewayFixture.Bearer(tokens.Mint("svc", "messaging.read")),
            Calls.Deadline);

        Assert.Equal("MessagingChannelUsage", describe.Name);
    }

    public void Dispose() => certificates.Dispose();

    private Dictionary<string, string?> MutualTls() => new()
    {
        ["Security:ClientCertificates:CaBundle"] = certificates.CaBundleFile,
        ["Security:ClientCertificates:Identities:connector-1:Scopes"] = "messaging.read",
    };

    private async Task<GatewayHost> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = certificates.KestrelSettings();
        settings["Gateway:Urls"] = "https://127.0.0.1:0";
        settings["Store:Kind"] = "Memory";
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return await GatewayHost.StartAsync(settings);
    }

    /// <summary>A channel that trusts only the test CA and presents <paramref name="clientCertificate"/>.</summary>
    private GrpcChannel Connect(GatewayHost host, X509Certificate2? clientCertificate, Action<X509Certificate2?>? seen = null)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            var server = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            seen?.Invoke(server);
            return certificates.ValidateServer(server);
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return GrpcChannel.ForAddress(host.Address, new GrpcChannelOptions { HttpHandler = handler });
    }
}
