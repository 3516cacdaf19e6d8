using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Routing.Tests.Rules;

public class ChannelValidatorTests
{
    [Fact]
    public void Validate_TheTestChannels_AreValid()
    {
        Assert.Empty(ChannelValidator.Validate(TestChannels.Channel(ChannelKind.Unified)));
        Assert.Empty(ChannelValidator.Validate(TestChannels.Channel(ChannelKind.Enhanced)));
    }

    [Theory]
    [InlineData("A", true)]
    [InlineData("Support_WhatsApp_2", true)]
    [InlineData("z9_", true)]
    [InlineData("", false)]
    [InlineData("_Support", false)]
    [InlineData("9Support", false)]
    [InlineData("Support Line", false)]
    [InlineData("Support-Line", false)]
    [InlineData("Suppört", false)]
    public void Validate_DeveloperName_FollowsThePattern(string name, bool valid)
    {
        var errors = ChannelValidator.Validate(TestChannels.Channel() with { DeveloperName = name });

        Assert.Equal(valid, errors.IsEmpty);
        Assert.All(errors, e => Assert.Equal(ChannelValidator.DeveloperNameField, e.Field));
    }

    [Fact]
    public void Validate_DeveloperNameLength_IsEightyAtMost()
    {
        Assert.Empty(ChannelValidator.Validate(TestChannels.Channel() with { DeveloperName = "A" + new string('b', 79) }));
        var error = Assert.Single(ChannelValidator.Validate(TestChannels.Channel() with { DeveloperName = "A" + new string('b', 80) }));
        Assert.Equal(ErrorCodes.StringTooLong, error.Code);
    }

    public static TheoryData<ChannelKind, MessageType, bool> MessageTypes => new()
    {
        { ChannelKind.Enhanced, MessageType.WhatsApp, true },
        { ChannelKind.Enhanced, MessageType.Facebook, true },
        { ChannelKind.Enhanced, MessageType.AppleBusinessChat, true },
        { ChannelKind.Enhanced, MessageType.Line, true },
        { ChannelKind.Enhanced, MessageType.Text, false },
        { ChannelKind.Unified, MessageType.WhatsApp, true },
        { ChannelKind.Unified, MessageType.Facebook, false },
        { ChannelKind.Unified, MessageType.AppleBusinessChat, false },
        { ChannelKind.Unified, MessageType.Line, false },
        { ChannelKind.Unified, MessageType.Text, true },
    };

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Validate_MessageType_IsAllowedPerKind(ChannelKind kind, MessageType type, bool allowed)
    {
        var errors = ChannelValidator.Validate(TestChannels.Channel(kind) with { MessageType = type });

        Assert.Equal(allowed, ChannelValidator.IsMessageTypeAllowed(kind, type));
        Assert.Equal(allowed ? "" : $"{ErrorCodes.FieldIntegrityException}:MessageType", string.Join(",", errors.Select(e => $"{e.Code}:{e.Field}")));
    }

    [Fact]
    public void Validate_SeveralViolations_AreAllReported()
    {
        var channel = TestChannels.Channel() with
        {
            DeveloperName = "1bad",
            MasterLabel = " ",
            Kind = (ChannelKind)0,
            MessageType = (MessageType)42,
            FallbackQueueId = "00G-bad",
            HelpResponse = new string('h', Limits.MaxTextFieldLength + 1),
            MarketingKeywords = ["STOP"],
        };

        var errors = ChannelValidator.Validate(channel).Select(e => $"{e.Code}:{e.Field}").Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "DUPLICATE_VALUE:MarketingKeywords",
                "FIELD_INTEGRITY_EXCEPTION:DeveloperName",
                "INVALID_ID_FIELD:FallbackQueueId",
                "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:ChannelKind",
                "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:MessageType",
                "REQUIRED_FIELD_MISSING:MasterLabel",
                "STRING_TOO_LONG:HelpResponse",
            ],
            errors);
    }
}
