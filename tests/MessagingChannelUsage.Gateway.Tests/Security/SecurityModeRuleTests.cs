using MessagingChannelUsage.Gateway.Security;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>security.md "Secure by default, still two commands" as a table.</summary>
public sealed class SecurityModeRuleTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5051", true)]
    [InlineData("http://127.0.0.2:5051", true)]
    [InlineData("http://localhost:5051", true)]
    [InlineData("http://[::1]:5051", true)]
    [InlineData("https://127.0.0.1:5051", true)]
    [InlineData("http://0.0.0.0:5051", false)]
    [InlineData("http://*:5051", false)]
    [InlineData("http://+:5051", false)]
    [InlineData("http://[::]:5051", false)]
    [InlineData("http://10.0.0.5:5051", false)]
    [InlineData("http://gateway.internal:5051", false)]
    [InlineData("not a url", false)]
    public void IsLoopback_OnlyForLoopbackAddressesAndLocalhost(string url, bool loopback)
        => Assert.Equal(loopback, SecurityModeRule.IsLoopback(url));

    public static TheoryData<bool, bool, bool, string[], Enum> Cases => new()
    {
        // jwt, certificates, allow anonymous, urls → mode
        { false, false, false, ["http://127.0.0.1:5051"], SecurityMode.AnonymousLoopback },
        { false, false, false, ["http://127.0.0.1:5051", "http://localhost:8080"], SecurityMode.AnonymousLoopback },
        { false, false, false, ["http://127.0.0.1:5051", "http://0.0.0.0:8080"], SecurityMode.Refused },
        { false, false, false, ["http://0.0.0.0:5051"], SecurityMode.Refused },
        { false, false, true, ["http://0.0.0.0:5051"], SecurityMode.AnonymousAllowed },
        { false, false, true, ["http://127.0.0.1:5051"], SecurityMode.AnonymousLoopback },
        { true, false, false, ["http://0.0.0.0:5051"], SecurityMode.Authenticated },
        { false, true, false, ["https://0.0.0.0:5051"], SecurityMode.Authenticated },
        { true, false, true, ["http://127.0.0.1:5051"], SecurityMode.Authenticated },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_AnonymousOnlyOnLoopbackOrWhenAllowedOnPurpose(bool jwt, bool certificates, bool allowAnonymous, string[] urls, Enum expected)
    {
        var options = new SecurityOptions { AllowAnonymous = allowAnonymous };
        if (jwt)
        {
            options.Jwt.KeyFile = "/keys/jwt.pem";
        }

        if (certificates)
        {
            options.ClientCertificates.CaBundle = "/keys/ca.pem";
        }

        Assert.Equal(expected, (Enum)SecurityModeRule.Decide(options, urls));
    }
}
