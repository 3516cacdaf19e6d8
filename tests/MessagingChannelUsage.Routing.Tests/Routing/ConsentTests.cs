using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;

namespace MessagingChannelUsage.Routing.Tests.Routing;

/// <summary>domain.md §4.2: what each ConsentType needs, every (status, type) pair.</summary>
public class ConsentTests
{
    public static TheoryData<ConsentStatus?, ConsentType?, bool> MeetsTable => new()
    {
        { null, null, false },
        { null, ConsentType.ImplicitOptIn, false },
        { null, ConsentType.ExplicitOptIn, false },
        { null, ConsentType.DoubleOptIn, false },
        { ConsentStatus.OptedOut, null, false },
        { ConsentStatus.OptedOut, ConsentType.ImplicitOptIn, false },
        { ConsentStatus.OptedOut, ConsentType.ExplicitOptIn, false },
        { ConsentStatus.OptedOut, ConsentType.DoubleOptIn, false },
        { ConsentStatus.ImplicitlyOptedIn, null, true },
        { ConsentStatus.ImplicitlyOptedIn, ConsentType.ImplicitOptIn, true },
        { ConsentStatus.ImplicitlyOptedIn, ConsentType.ExplicitOptIn, false },
        { ConsentStatus.ImplicitlyOptedIn, ConsentType.DoubleOptIn, false },
        { ConsentStatus.ExplicitlyOptedIn, null, true },
        { ConsentStatus.ExplicitlyOptedIn, ConsentType.ImplicitOptIn, true },
        { ConsentStatus.ExplicitlyOptedIn, ConsentType.ExplicitOptIn, true },
        { ConsentStatus.ExplicitlyOptedIn, ConsentType.DoubleOptIn, false },
        { ConsentStatus.DoublyOptedIn, null, true },
        { ConsentStatus.DoublyOptedIn, ConsentType.ImplicitOptIn, true },
        { ConsentStatus.DoublyOptedIn, ConsentType.ExplicitOptIn, true },
        { ConsentStatus.DoublyOptedIn, ConsentType.DoubleOptIn, true },
    };

    [Theory]
    [MemberData(nameof(MeetsTable))]
    public void Meets_FollowsTheConsentOrder(ConsentStatus? status, ConsentType? type, bool meets)
    {
        Assert.Equal(meets, Consent.Meets(status, type));
        var usage = TestChannels.Usage(DeploymentType.Conversation, DeploymentStatus.Active, type);
        Assert.Equal(meets, Consent.IsFullyOptedIn(status, usage));
    }

    [Fact]
    public void Meets_UndefinedConsentType_IsMetByNothing()
        => Assert.False(Consent.Meets(ConsentStatus.DoublyOptedIn, (ConsentType)99));

    [Theory]
    [InlineData(null, ConsentStatus.ExplicitlyOptedIn)]
    [InlineData(ConsentStatus.ImplicitlyOptedIn, ConsentStatus.ExplicitlyOptedIn)]
    [InlineData(ConsentStatus.OptedOut, ConsentStatus.ExplicitlyOptedIn)]
    [InlineData(ConsentStatus.ExplicitlyOptedIn, ConsentStatus.ExplicitlyOptedIn)]
    [InlineData(ConsentStatus.DoublyOptedIn, ConsentStatus.DoublyOptedIn)]
    public void AfterOptIn_NeverLowersConsent(ConsentStatus? before, ConsentStatus after)
        => Assert.Equal(after, Consent.AfterOptIn(before));

    [Theory]
    [InlineData(null, ConsentStatus.ImplicitlyOptedIn)]
    [InlineData(ConsentStatus.OptedOut, ConsentStatus.OptedOut)]
    [InlineData(ConsentStatus.ExplicitlyOptedIn, ConsentStatus.ExplicitlyOptedIn)]
    public void AfterOrdinaryMessage_GivesImplicitConsentOnlyToSomeoneWithNone(ConsentStatus? before, ConsentStatus after)
        => Assert.Equal(after, Consent.AfterOrdinaryMessage(before));
}
