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

    [Fact]
    public void Every_shipped_setting_binds_to_a_real_option_and_shows_its_default()
    {
        var settings = ShippedSettings();
        var checkedCount = 0;
        foreach (var section in OptionBinding.Sections)
        {
            foreach (var entry in settings.GetSection(section.Key).GetChildren())
            {
                OptionBinding.AssertBinds("appsettings.json", $"{section.Key}__{entry.Key}", entry.Value ?? string.Empty);
                var property = section.Value.Select(t => (Type: t, Property: t.GetProperty(entry.Key))).First(p => p.Property is not null);
                var shipped = System.ComponentModel.TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(property.Property!.PropertyType) ?? property.Property.PropertyType).ConvertFromInvariantString(entry.Value!);
                var @default = property.Property.GetValue(Activator.CreateInstance(property.Type));
                Assert.True(Equals(shipped, @default) || (entry.Value == string.Empty && @default is null), $"appsettings.json {section.Key}:{entry.Key} = {entry.Value}, but the default is {@default}");
                checkedCount++;
            }
        }

        Assert.True(checkedCount >= 15, "appsettings.json shows the settings");
    }

    [Fact]
    public void Every_setting_of_the_options_classes_is_documented_in_the_shipped_file()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json"));
        var missing = OptionBinding.Sections
            .SelectMany(s => s.Value.SelectMany(t => t.GetProperties().Where(p => p.CanWrite)).Select(p => $"{s.Key}:{p.Name}"))
            .Where(name => !text.Contains($"\"{name.Split(':')[1]}\"", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(missing);
    }
}
