using Microsoft.Extensions.Configuration;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>The appsettings.json shipped next to the gateway binary (issue 12: no log line per request).</summary>
public sealed class ShippedSettingsTests
{
    private static IConfigurationRoot ShippedSettings()
    {
        // Copied from the gateway's output into this test's output, exactly as `dotnet run` and the image see it.
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        Assert.True(File.Exists(path), $"appsettings.json is not copied to the output ({path})");
        return new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();
    }

    [Fact]
    public void The_shipped_settings_keep_ASP_NET_Core_at_warning_so_no_request_is_logged()
        => Assert.Equal("Warning", ShippedSettings()["Logging:LogLevel:Microsoft.AspNetCore"]);

    [Fact]
    public void The_shipped_settings_keep_the_gateways_own_information_lines()
        => Assert.Equal("Information", ShippedSettings()["Logging:LogLevel:Default"]);

    [Fact]
    public void The_shipped_settings_keep_grpcs_per_call_lines_out_of_the_log()
        => Assert.Equal("Warning", ShippedSettings()["Logging:LogLevel:Grpc"]);
}
