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
                var property = section.Value.Select(t => (Type: t, Property: t.GetProperty(entry.Key))).FirstOrDefault(p => p.Property is not null);
                Assert.True(property.Property is not null, $"appsettings.json {section.Key}:{entry.Key} names no property of {string.Join(", ", section.Value.Select(t => t.Name))}");
                checkedCount += CheckShipped($"{section.Key}:{entry.Key}", entry, property.Property!, Activator.CreateInstance(property.Type)!);
            }
        }

        Assert.True(checkedCount >= 15, "appsettings.json shows the settings");
    }

    /// <summary>
    /// A shipped value equals the option's default; a nested object (Security:Jwt) is checked
    /// property by property against the default of its own class.
    /// </summary>
    private static int CheckShipped(string path, IConfigurationSection entry, System.Reflection.PropertyInfo property, object owner)
    {
        if (entry.Value is null && entry.GetChildren().Any())
        {
            var nested = property.GetValue(owner) ?? Activator.CreateInstance(property.PropertyType)!;
            var count = 0;
            foreach (var child in entry.GetChildren())
            {
                var childProperty = property.PropertyType.GetProperty(child.Key);
                Assert.True(childProperty is not null, $"appsettings.json {path}:{child.Key} names no property of {property.PropertyType.Name}");
                count += CheckShipped($"{path}:{child.Key}", child, childProperty!, nested);
            }

            return count;
        }

        Assert.True(property.CanWrite, $"appsettings.json {path} is not a settable option");
        var target = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var shipped = System.ComponentModel.TypeDescriptor.GetConverter(target).ConvertFromInvariantString(entry.Value ?? string.Empty);
        var @default = property.GetValue(owner);
        Assert.True(Equals(shipped, @default) || (entry.Value == string.Empty && @default is null), $"appsettings.json {path} = {entry.Value}, but the default is {@default}");
        return 1;
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
