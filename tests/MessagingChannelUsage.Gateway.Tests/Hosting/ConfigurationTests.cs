using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Tests.Hosting;

/// <summary>Bad configuration stops the gateway at start-up with every problem named.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task Start_WithBadGatewayOptions_FailsNamingEveryProblem()
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(
        [
            new("Store:Kind", "Memory"),
            new("Gateway:MaxReceiveMessageSize", "10"),
            new("Gateway:Urls", "http://127.0.0.1:0;ftp://127.0.0.1:21"),
        ]));

        Assert.Contains(exception.Failures, f => f.Contains("Gateway:MaxReceiveMessageSize", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.Contains("ftp://127.0.0.1:21", StringComparison.Ordinal));
    }
}
