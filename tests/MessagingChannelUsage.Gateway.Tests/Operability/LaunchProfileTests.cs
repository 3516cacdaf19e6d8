using System.Text.Json;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>
/// Properties/launchSettings.json: `dotnet run` applies a launch profile's variables OVER the
/// caller's environment, so a profile that sets Gateway__Urls makes `Gateway__Urls=… dotnet run`
/// bind the profile's port. The default profile therefore sets nothing, and the others only what
/// gives them their name.
/// </summary>
public sealed class LaunchProfileTests
{
    private static readonly JsonElement Profiles = LoadProfiles();

    [Fact]
    public void The_default_profile_sets_no_variable_so_the_callers_environment_wins()
    {
        var first = Profiles.EnumerateObject().First();
        Assert.Equal("Memory", first.Name);
        Assert.False(first.Value.TryGetProperty("environmentVariables", out var variables) && variables.EnumerateObject().Any(), "the default profile (the one `dotnet run` picks) sets environment variables");
    }

    [Fact]
    public void No_profile_pins_an_address_or_a_port_a_caller_would_choose()
    {
        foreach (var (profile, variable, _) in Variables())
        {
            Assert.False(variable is "Gateway__Urls" or "Gateway__RestUrls" or "ASPNETCORE_URLS" or "Telemetry__PrometheusPort" or "Telemetry__PrometheusAddress", $"profile {profile} sets {variable}, which would override the caller's own under `dotnet run`");
        }
    }

    [Fact]
    public void Every_profile_variable_binds_to_a_real_option()
    {
        var count = 0;
        foreach (var (profile, variable, value) in Variables().Where(v => !OptionBinding.IsPlatformVariable(v.Variable)))
        {
            OptionBinding.AssertBinds($"launchSettings.json profile {profile}", variable, value);
            count++;
        }

        Assert.True(count > 0, "the Redis profile sets the store");
    }

    private static IEnumerable<(string Profile, string Variable, string Value)> Variables()
        => from profile in Profiles.EnumerateObject()
           where profile.Value.TryGetProperty("environmentVariables", out _)
           from variable in profile.Value.GetProperty("environmentVariables").EnumerateObject()
           select (profile.Name, variable.Name, variable.Value.GetString() ?? string.Empty);

    private static JsonElement LoadProfiles()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("src", "MessagingChannelUsage.Gateway", "Properties", "launchSettings.json")));
        return document.RootElement.GetProperty("profiles").Clone();
    }
}
