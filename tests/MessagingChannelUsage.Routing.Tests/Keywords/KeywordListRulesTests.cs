using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Keywords;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Routing.Tests.Keywords;

public class KeywordListRulesTests
{
    [Fact]
    public void Validate_TheTestChannel_IsValid()
        => Assert.Empty(KeywordListRules.Validate(TestChannels.Channel()));

    [Fact]
    public void Validate_EmptyKeyword_IsADuplicateValueOnItsList()
    {
        var channel = TestChannels.Channel() with { HelpKeywords = ["HELP", "  !? "] };

        var error = Assert.Single(KeywordListRules.Validate(channel));

        Assert.Equal(ErrorCodes.DuplicateValue, error.Code);
        Assert.Equal(KeywordListRules.HelpKeywordsField, error.Field);
    }

    [Fact]
    public void Validate_KeywordInTwoLists_IsADuplicateValueOnTheSecondList()
    {
        // "ｙｅｓ!" normalises to YES, which OptInKeywords already holds.
        var channel = TestChannels.Channel() with { MarketingKeywords = ["JOIN", "ｙｅｓ!"] };

        var error = Assert.Single(KeywordListRules.Validate(channel));

        Assert.Equal(ErrorCodes.DuplicateValue, error.Code);
        Assert.Equal(KeywordListRules.MarketingKeywordsField, error.Field);
        Assert.Contains(KeywordListRules.OptInKeywordsField, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SameKeywordTwiceInOneList_IsAccepted()
    {
        var channel = TestChannels.Channel() with { OptInKeywords = ["YES", "yes"] };

        Assert.Empty(KeywordListRules.Validate(channel));
    }

    [Fact]
    public void Validate_MarketingKeywordOfTwoWords_IsRejected()
    {
        var channel = TestChannels.Channel() with { MarketingKeywords = ["JOIN US"] };

        var error = Assert.Single(KeywordListRules.Validate(channel));

        Assert.Equal(ErrorCodes.FieldIntegrityException, error.Code);
        Assert.Equal(KeywordListRules.MarketingKeywordsField, error.Field);
    }

    [Fact]
    public void Validate_SizeLimits_AreReportedTogetherWithDuplicates()
    {
        var channel = TestChannels.Channel() with
        {
            OptInKeywords = [new string('Y', Limits.MaxKeywordLength + 1), "STOP"],
            MarketingKeywords = [.. Enumerable.Range(0, Limits.MaxKeywordsPerList + 1).Select(i => $"K{i}")],
        };

        var errors = KeywordListRules.Validate(channel);

        Assert.Equal(3, errors.Length);
        Assert.Contains(errors, e => e is { Code: ErrorCodes.StringTooLong, Field: KeywordListRules.OptInKeywordsField });
        Assert.Contains(errors, e => e is { Code: ErrorCodes.DuplicateValue, Field: KeywordListRules.OptInKeywordsField });
        Assert.Contains(errors, e => e is { Code: ErrorCodes.StringTooLong, Field: KeywordListRules.MarketingKeywordsField });
    }

    [Fact]
    public void Defaults_FillOnlyEmptyConsentLists()
    {
        var bare = TestChannels.Channel() with { OptOutKeywords = [], HelpKeywords = [] };
        var custom = TestChannels.Channel() with { OptOutKeywords = ["ARRET"], HelpKeywords = [] };

        var filled = KeywordDefaults.ApplyTo(bare);
        var kept = KeywordDefaults.ApplyTo(custom);

        Assert.Equal(new[] { "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPT OUT" }, filled.OptOutKeywords.ToArray());
        Assert.Equal(new[] { "HELP" }, filled.HelpKeywords.ToArray());
        Assert.Equal(new[] { "ARRET" }, kept.OptOutKeywords.ToArray());
        Assert.Equal(new[] { "HELP" }, kept.HelpKeywords.ToArray());
        Assert.Empty(KeywordListRules.Validate(filled));
    }
}
