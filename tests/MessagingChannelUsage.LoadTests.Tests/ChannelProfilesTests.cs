using MessagingChannelUsage.LoadTests.Setup;
using MessagingChannelUsage.Routing.Ids;

namespace MessagingChannelUsage.LoadTests.Tests;

public sealed class ChannelProfilesTests
{
    [Fact]
    public void TheWrittenOutIds_CarryTheSuffixesOfTheirFifteenCharacterForms()
    {
        Assert.Equal(ChannelProfiles.UnknownChannelId, SalesforceId.To18("0Mj00LOADTEST00"));
        Assert.Equal(ChannelProfiles.FallbackQueueId, SalesforceId.To18("00G00LOADTEST01"));
    }

    [Fact]
    public void TheUnknownChannelId_IsAMessagingChannelId()
        => Assert.True(SalesforceId.TryNormalize(ChannelProfiles.UnknownChannelId, out _, out _, KeyPrefixes.MessagingChannel));
}
