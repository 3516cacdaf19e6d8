using MessagingChannelUsage.Gateway.Security;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>Secure by default, still two commands: what the gateway does at start for each configuration.</summary>
public sealed class StartupRuleTests
{
    [Fact]
    public async Task ANonLoopbackAddress_WithoutAuthentication_RefusesToStart_NamingTheSettings()
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Urls"] = "http://0.0.0.0:0",
        }));

        Assert.Contains("0.0.0.0", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Security:Jwt:KeyFile", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Security:Jwt:Authority", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Security:ClientCertificates:CaBundle", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Security:AllowAnonymous=true", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANonLoopbackRestAddress_WithoutAuthentication_AlsoRefusesToStart()
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:RestUrls"] = "http://*:0",
        }));

        Assert.Contains("http://*:0", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5051", true, true)]
    [InlineData("http://0.0.0.0:5051", false, false)]
    [InlineData("http://127.0.0.1:5051", false, true)]
    public void TheValidator_AcceptsANonLoopbackAddressOnlyWithAllowAnonymous(string urls, bool allowAnonymous, bool valid)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Gateway:Urls"] = urls }).Build();
        var result = new SecurityOptionsValidator(configuration).Validate(null, new SecurityOptions { AllowAnonymous = allowAnonymous });
        Assert.Equal(valid, result.Succeeded);
    }

    [Fact]
    public void TheValidator_ReportsEveryBadSecuritySettingAtOnce()
    {
        var configuration = new ConfigurationBuilder().Build();
        var options = new SecurityOptions();
        options.Jwt.KeyFile = "/nonexistent/jwt.pem";
        options.Jwt.ClockSkew = TimeSpan.FromMinutes(5);
        options.ClientCertificates.Required = true;
        options.Limits.RoutingPerSecond = -1;
        options.ClientCertificates.Identities["svc"] = new CertificateIdentityOptions { Scopes = "openid" };

        var result = new SecurityOptionsValidator(configuration).Validate(null, options);

        Assert.False(result.Succeeded);
        var failures = string.Join('\n', result.Failures!);
        Assert.Contains("Security:Jwt:Issuer", failures, StringComparison.Ordinal);
        Assert.Contains("Security:Jwt:KeyFile", failures, StringComparison.Ordinal);
        Assert.Contains("Security:Jwt:Audience", failures, StringComparison.Ordinal);
        Assert.Contains("Security:Jwt:ClockSkew", failures, StringComparison.Ordinal);
        Assert.Contains("Security:ClientCertificates:Required", failures, StringComparison.Ordinal);
        Assert.Contains("Security:Limits:RoutingPerSecond", failures, StringComparison.Ordinal);
        Assert.Contains("Identities:svc:Scopes", failures, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoopbackWithoutSecurity_RunsAnonymous_AndSaysSoInOneWarning()
    {
        await using var host = await GatewayHost.StartAsync(
            new Dictionary<string, string?> { ["Store:Kind"] = "Memory" },
            services => services.AddLogging(logging => logging.AddFakeLogging()));

        var warnings = host.Services.GetFakeLogCollector().GetSnapshot()
            .Where(record => record.Level == LogLevel.Warning && record.Category == typeof(SecurityAnnouncer).FullName)
            .ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains("anonymous", warning.Message, StringComparison.Ordinal);

        // Credentials sent to it are ignored: even a junk token is served.
        var describe = await host.CreateClient<Protos.V1.MessagingChannelUsageService.MessagingChannelUsageServiceClient>()
            .DescribeSObjectAsync(new Protos.V1.DescribeSObjectRequest { Name = "MessagingChannelUsage" }, SecuredGatewayFixture.Bearer("junk"), Calls.Deadline);
        Assert.Equal("MessagingChannelUsage", describe.Name);
    }

    [Fact]
    public async Task BearerTokens_WithAJwksKeyFile_Start()
    {
        using var tokens = new TestTokenIssuer();
        var settings = tokens.GatewaySettings(tokens.JwksFile);
        settings["Store:Kind"] = "Memory";
        await using var host = await GatewayHost.StartAsync(settings);
        Assert.NotNull(host.Address);
    }

    [Fact]
    public async Task AnUnreadableKeyFile_StopsTheStart_NamingTheSetting()
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Security:Jwt:KeyFile"] = "/nonexistent/keys.pem",
            ["Security:Jwt:Issuer"] = TestTokenIssuer.Issuer,
            ["Security:Jwt:Audience"] = TestTokenIssuer.Audience,
        }));

        Assert.Contains("Security:Jwt:KeyFile", exception.Message, StringComparison.Ordinal);
    }
}
