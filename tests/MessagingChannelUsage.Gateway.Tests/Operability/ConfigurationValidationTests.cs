using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>A wrong setting stops the gateway at start with a message naming the setting.</summary>
public sealed class ConfigurationValidationTests
{
    [Theory]
    [InlineData("Store:Kind", "Bogus")]
    [InlineData("Telemetry:PrometheusPort", "70000")]
    [InlineData("Telemetry:PrometheusPort", "-1")]
    [InlineData("Telemetry:PrometheusAddress", "not a host")]
    [InlineData("Telemetry:PrometheusPath", "metrics")]
    [InlineData("Telemetry:OtlpEndpoint", "collector:4317")]
    [InlineData("Telemetry:TraceSampleRatio", "1.5")]
    [InlineData("Gateway:ShutdownTimeout", "00:00:00")]
    [InlineData("Gateway:StreamDrainTimeout", "00:05:00")]
    [InlineData("Gateway:MaxReceiveMessageSize", "10")]
    [InlineData("Gateway:StreamWindow", "0")]
    [InlineData("Gateway:StreamWindow", "1025")]
    public async Task Start_WithAnInvalidSetting_FailsNamingTheSetting(string setting, string value)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => GatewayHost.StartAsync([new(setting, value)]).WithTimeout());

        Assert.Contains(setting, Flatten(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithValidTelemetrySettings_Starts()
    {
        await using var host = await GatewayHost.StartAsync(
        [
            new("Telemetry:PrometheusAddress", "localhost"),
            new("Telemetry:TraceSampleRatio", "0.5"),
            new("Gateway:ShutdownTimeout", "00:00:10"),
            new("Gateway:StreamDrainTimeout", "00:00:05"),
        ]);

        Assert.NotNull(host.Address);
    }

    private static string Flatten(Exception exception)
        => exception is AggregateException aggregate
            ? string.Join(" | ", aggregate.InnerExceptions.Select(Flatten))
            : exception.Message + (exception.InnerException is { } inner ? " | " + Flatten(inner) : string.Empty);
}
