using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Routing.Tests.Rules;

/// <summary>The check UpdateChannel and Simulate's proposed channel share, and what a proposal contributes.</summary>
public class ChannelUpdateRulesTests
{
    [Fact]
    public void AProposal_ContributesEveryKeywordFieldAndText_AndNothingElse()
    {
        var stored = TestChannels.Channel();
        var proposal = TestChannels.Multilingual() with
        {
            Id = "other",
            DeveloperName = "Other",
            MasterLabel = "Other",
            Kind = ChannelKind.Enhanced,
            MessageType = MessageType.Facebook,
            FallbackQueueId = null,
            OptInKeywords = ["IN"],
            DoubleOptInKeywords = ["YESYES"],
            OptOutKeywords = ["OUT"],
            HelpKeywords = ["INFO"],
            MarketingKeywords = ["DEALS"],
            OptInPrompt = "p1",
            DoubleOptInPrompt = "p2",
            OptInConfirmation = "p3",
            OptOutConfirmation = "p4",
            HelpResponse = "p5",
        };

        var merged = ChannelUpdateRules.WithKeywordsOf(stored, proposal);

        // Every keyword field and text is the proposal's...
        var keywordsOnly = stored with
        {
            OptInKeywords = proposal.OptInKeywords,
            DoubleOptInKeywords = proposal.DoubleOptInKeywords,
            OptOutKeywords = proposal.OptOutKeywords,
            HelpKeywords = proposal.HelpKeywords,
            MarketingKeywords = proposal.MarketingKeywords,
            OptInPrompt = proposal.OptInPrompt,
            DoubleOptInPrompt = proposal.DoubleOptInPrompt,
            OptInConfirmation = proposal.OptInConfirmation,
            OptOutConfirmation = proposal.OptOutConfirmation,
            HelpResponse = proposal.HelpResponse,
            KeywordSets = proposal.KeywordSets,
            CustomKeywords = proposal.CustomKeywords,
        };
        Assert.Equal(keywordsOnly, merged);
        // ...and the record's identity, kind and queue stay as stored.
        Assert.Equal((stored.Id, stored.DeveloperName, stored.Kind, stored.MessageType, stored.FallbackQueueId),
            (merged.Id, merged.DeveloperName, merged.Kind, merged.MessageType, merged.FallbackQueueId));
    }

    [Fact]
    public void AValidUpdate_HasNoErrors()
    {
        Assert.Empty(ChannelUpdateRules.Validate(TestChannels.Channel(), TestChannels.Multilingual()));
    }

    [Fact]
    public void ChangingKindOrMessageType_IsAFieldIntegrityException_NamingTheField()
    {
        // Unified/Text → Unified/WhatsApp is a valid channel, but not a valid change of this one.
        var messageType = Assert.Single(ChannelUpdateRules.Validate(TestChannels.Channel(), TestChannels.Channel() with { MessageType = MessageType.WhatsApp }));
        var kind = ChannelUpdateRules.Validate(TestChannels.Channel(), TestChannels.Channel(ChannelKind.Enhanced));

        Assert.Equal((ErrorCodes.FieldIntegrityException, ChannelValidator.MessageTypeField), (messageType.Code, messageType.Field));
        Assert.Contains(kind, e => e.Code == ErrorCodes.FieldIntegrityException && e.Field == ChannelValidator.ChannelKindField);
    }

    [Fact]
    public void AKeywordInASetAndInTheDefaultLists_IsTheValidatorsDuplicateValue()
    {
        var duplicated = TestChannels.Multilingual() with { OptOutKeywords = ["BAJA"] };

        var errors = ChannelUpdateRules.Validate(TestChannels.Channel(), duplicated);

        Assert.Equal<FieldError>(ChannelValidator.Validate(duplicated), errors);
        Assert.Contains(errors, e => e.Code == ErrorCodes.DuplicateValue);
    }
}
