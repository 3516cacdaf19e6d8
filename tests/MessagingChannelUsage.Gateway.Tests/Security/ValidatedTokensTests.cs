using System.Security.Claims;
using System.Security.Cryptography;
using MessagingChannelUsage.Gateway.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>The rules of <see cref="ValidatedTokens"/>, on a fake clock: when an entry may authenticate, and its bounds.</summary>
public sealed class ValidatedTokensTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(Start);
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RSA rsa = RSA.Create(2048);
    private readonly SecurityKey key;
    private readonly TokenValidationParameters parameters = new();
    private readonly ValidatedTokens tokens;

    public ValidatedTokensTests()
    {
        key = new RsaSecurityKey(rsa);
        tokens = new ValidatedTokens(clock, services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
    }

    [Fact]
    public void AnEntry_AuthenticatesUntilJustBeforeItsExp_AndNotFromItsExpOn()
    {
        tokens.Remember("token", Entry(expires: Start.AddMinutes(5)));

        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.NotNull(tokens.Find("token", parameters, [key]));

        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Null(tokens.Find("token", parameters, [key]));
        Assert.Equal(0, tokens.Count);
    }

    [Fact]
    public void AnEntry_DoesNotAuthenticate_WhenItsSigningKeyIsNoLongerTrusted()
    {
        using var other = RSA.Create(2048);
        tokens.Remember("token", Entry(expires: Start.AddMinutes(5)));

        // The same key material loaded again is another key object: re-validated, not trusted blindly.
        Assert.Null(tokens.Find("token", parameters, [new RsaSecurityKey(other), new RsaSecurityKey(rsa.ExportParameters(false))]));
        Assert.Null(tokens.Find("token", parameters, [key]));
    }

    [Fact]
    public void AnEntry_DoesNotAuthenticate_AgainstOtherValidationParameters()
    {
        tokens.Remember("token", Entry(expires: Start.AddMinutes(5)));

        Assert.Null(tokens.Find("token", new TokenValidationParameters(), [key]));
    }

    [Fact]
    public void OnlyTheExactTokenText_FindsAnEntry()
    {
        tokens.Remember("token", Entry(expires: Start.AddMinutes(5)));

        Assert.Null(tokens.Find("Token", parameters, [key]));
        Assert.Null(tokens.Find("token ", parameters, [key]));
        Assert.NotNull(tokens.Find("token", parameters, [key]));
    }

    [Fact]
    public void AnAlreadyExpiredToken_IsNotRemembered()
    {
        tokens.Remember("token", Entry(expires: Start));

        Assert.Equal(0, tokens.Count);
    }

    [Fact]
    public void WhenFull_ExpiredEntriesMakeRoom_AndLiveEntriesAreNeverEvicted()
    {
        for (var i = 0; i < ValidatedTokens.Capacity; i++)
        {
            tokens.Remember("live-" + i, Entry(expires: Start.AddMinutes(i < 10 ? 1 : 60)));
        }

        tokens.Remember("late", Entry(expires: Start.AddMinutes(60)));
        Assert.Null(tokens.Find("late", parameters, [key]));
        Assert.Equal(ValidatedTokens.Capacity, tokens.Count);

        clock.Advance(TimeSpan.FromMinutes(2));
        tokens.Remember("late", Entry(expires: Start.AddMinutes(60)));
        Assert.NotNull(tokens.Find("late", parameters, [key]));
        Assert.NotNull(tokens.Find("live-10", parameters, [key]));
        Assert.Equal(ValidatedTokens.Capacity - 10 + 1, tokens.Count);
    }

    public void Dispose()
    {
        services.Dispose();
        rsa.Dispose();
    }

    private ValidatedToken Entry(DateTimeOffset expires)
        => new(new ClaimsPrincipal(new ClaimsIdentity("test")), new Caller("connector", Permissions.Route, ChannelAccess.All), expires, key, parameters);
}
