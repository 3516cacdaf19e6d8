using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Keywords;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Routing.Tests.Keywords;

/// <summary>domain.md §8: keyword sets and custom keywords, disjoint from every other list, within their caps.</summary>
public class KeywordSetRulesTests
{
    private static readonly MessagingChannel Valid = TestChannels.Multilingual();

    [Fact]
    public void Validate_TheMultilingualTestChannel_IsValid() => Assert.Empty(ChannelValidator.Validate(Valid));

    [Fact]
    public void Validate_SetKeywordAlsoInTheDefaultLists_NamesTheKeywordAndBothPlaces()
    {
        var channel = WithSet(0, s => s with { HelpKeywords = ["AYUDA", "stop"] });

        var error = Assert.Single(KeywordListRules.Validate(channel));

        Assert.Equal(ErrorCodes.DuplicateValue, error.Code);
        Assert.Equal("KeywordSets[0].HelpKeywords", error.Field);
        Assert.Equal(
            "The keyword 'STOP' is in both OptOutKeywords and KeywordSets[0].HelpKeywords (es); the keyword lists of a channel are disjoint.",
            error.Message);
    }

    [Fact]
    public void Validate_KeywordInTwoSets_NamesBothSets()
    {
        var channel = WithSet(1, s => s with { MarketingKeywords = ["ＢＡＪＡ"] });

        var error = Assert.Single(KeywordListRules.Validate(channel));

        Assert.Equal(ErrorCodes.DuplicateValue, error.Code);
        Assert.Equal("KeywordSets[1].MarketingKeywords", error.Field);
        Assert.Contains("'BAJA'", error.Message, StringComparison.Ordinal);
        Assert.Contains("KeywordSets[0].OptOutKeywords (es)", error.Message, StringComparison.Ordinal);
        Assert.Contains("KeywordSets[1].MarketingKeywords (pt-BR)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CustomKeywordAlsoAConsentKeyword_NamesTheCustomKeyword()
    {
        var channel = Valid with { CustomKeywords = Valid.CustomKeywords.Add(Custom("Ayuda", KeywordMatch.WholeMessage)) };

        var error = Assert.Single(KeywordListRules.Validate(channel));

        Assert.Equal(ErrorCodes.DuplicateValue, error.Code);
        Assert.Equal("CustomKeywords[3].Keyword", error.Field);
        Assert.Contains("KeywordSets[0].HelpKeywords (es)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TwoCustomKeywordsWithOneKeyword_AreDuplicates()
    {
        var channel = Valid with { CustomKeywords = Valid.CustomKeywords.Add(Custom("HOURS!", KeywordMatch.FirstWord)) };

        var error = Assert.Single(KeywordListRules.Validate(channel));

        Assert.Equal("CustomKeywords[3].Keyword", error.Field);
        Assert.Contains("CustomKeywords[0].Keyword", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ES", ErrorCodes.DuplicateValue)]
    [InlineData("es", ErrorCodes.DuplicateValue)]
    [InlineData("", ErrorCodes.RequiredFieldMissing)]
    [InlineData("spanish!", ErrorCodes.FieldIntegrityException)]
    [InlineData("es_MX", ErrorCodes.FieldIntegrityException)]
    public void Validate_SetLanguage_IsAUniqueBcp47Tag(string language, string code)
    {
        var channel = WithSet(1, s => s with { Language = language });

        var error = Assert.Single(KeywordListRules.Validate(channel));

        Assert.Equal(code, error.Code);
        Assert.Equal("KeywordSets[1].Language", error.Field);
    }

    [Fact]
    public void Validate_MoreThanTwentySets_IsOneSizeErrorOnKeywordSets()
    {
        var sets = Enumerable.Range(0, Limits.MaxKeywordSets + 1).Select(i => new KeywordSet { Language = $"x-l{i}" });
        var channel = TestChannels.Channel() with { KeywordSets = [.. sets] };

        var errors = ChannelValidator.Validate(channel);

        var error = Assert.Single(errors);
        Assert.Equal((ErrorCodes.StringTooLong, "KeywordSets"), (error.Code, error.Field));
        Assert.Equal(ErrorKind.ResourceExhausted, ErrorKinds.Of(errors));
    }

    [Fact]
    public void Validate_TwentySetsOfTwentyKeywords_IsValid()
    {
        Assert.Empty(ChannelValidator.Validate(TwentyLanguages()));
    }

    [Fact]
    public void Validate_MoreThanTwoHundredCustomKeywords_IsOneSizeErrorOnCustomKeywords()
    {
        var customs = Enumerable.Range(0, Limits.MaxCustomKeywords + 1).Select(i => Custom($"Q{i}", KeywordMatch.WholeMessage));
        var channel = TestChannels.Channel() with { CustomKeywords = [.. customs] };

        var errors = ChannelValidator.Validate(channel);

        var error = Assert.Single(errors);
        Assert.Equal((ErrorCodes.StringTooLong, "CustomKeywords"), (error.Code, error.Field));
        Assert.Equal(ErrorKind.ResourceExhausted, ErrorKinds.Of(errors));
    }

    [Fact]
    public void Validate_ListOverItsCapInsideASet_NamesTheSetsList()
    {
        var channel = WithSet(0, s => s with { OptOutKeywords = [.. Enumerable.Range(0, Limits.MaxKeywordsPerList + 1).Select(i => $"B{i}")] });

        var error = Assert.Single(KeywordListRules.Validate(channel));

        Assert.Equal((ErrorCodes.StringTooLong, "KeywordSets[0].OptOutKeywords"), (error.Code, error.Field));
    }

    [Fact]
    public void Validate_SetTextOverTheLimit_NamesTheSetsField()
    {
        var channel = WithSet(0, s => s with { HelpResponse = new string('a', Limits.MaxTextFieldLength + 1) });

        var error = Assert.Single(ChannelValidator.Validate(channel));

        Assert.Equal((ErrorCodes.StringTooLong, "KeywordSets[0].HelpResponse"), (error.Code, error.Field));
    }

    public static TheoryData<CustomKeyword, string, string> BadCustomKeywords => new()
    {
        { Custom("", KeywordMatch.WholeMessage), ErrorCodes.DuplicateValue, "CustomKeywords[0].Keyword" },
        { Custom("price list", KeywordMatch.FirstWord), ErrorCodes.FieldIntegrityException, "CustomKeywords[0].Keyword" },
        { Custom(new string('k', Limits.MaxKeywordLength + 1), KeywordMatch.WholeMessage), ErrorCodes.StringTooLong, "CustomKeywords[0].Keyword" },
        { Custom("HOURS", 0), ErrorCodes.RequiredFieldMissing, "CustomKeywords[0].Match" },
        { Custom("HOURS", (KeywordMatch)7), ErrorCodes.InvalidOrNullForRestrictedPicklist, "CustomKeywords[0].Match" },
        { Custom("HOURS", KeywordMatch.WholeMessage) with { RouteTo = (Handler)9 }, ErrorCodes.InvalidOrNullForRestrictedPicklist, "CustomKeywords[0].RouteTo" },
        { Custom("HOURS", KeywordMatch.WholeMessage) with { ReplyText = null }, ErrorCodes.RequiredFieldMissing, "CustomKeywords[0].ReplyText" },
        { Custom("HOURS", KeywordMatch.WholeMessage) with { ReplyText = new string('r', Limits.MaxTextFieldLength + 1) }, ErrorCodes.StringTooLong, "CustomKeywords[0].ReplyText" },
        { Custom("HOURS", KeywordMatch.WholeMessage) with { Language = "en_US" }, ErrorCodes.FieldIntegrityException, "CustomKeywords[0].Language" },
    };

    [Theory]
    [MemberData(nameof(BadCustomKeywords))]
    public void Validate_BadCustomKeyword_NamesItsField(CustomKeyword custom, string code, string field)
    {
        var channel = TestChannels.Channel() with { CustomKeywords = [custom] };

        var error = Assert.Single(ChannelValidator.Validate(channel));

        Assert.Equal((code, field), (error.Code, error.Field));
    }

    [Fact]
    public void Validate_CustomKeywordThatRoutesWithoutAReply_IsValid()
    {
        var channel = TestChannels.Channel() with
        {
            CustomKeywords = [Custom("AGENT", KeywordMatch.WholeMessage) with { ReplyText = null, RouteTo = Handler.OmniChannel }],
        };

        Assert.Empty(ChannelValidator.Validate(channel));
    }

    /// <summary>The channel the benchmark uses too: default lists plus 20 sets of 20 keywords (4 per list).</summary>
    internal static MessagingChannel TwentyLanguages() => TestChannels.Channel() with
    {
        KeywordSets = [.. Enumerable.Range(0, Limits.MaxKeywordSets).Select(i => new KeywordSet
        {
            Language = $"x-lang{i}",
            OptOutKeywords = Four("OUT", i),
            OptInKeywords = Four("IN", i),
            DoubleOptInKeywords = Four("DIN", i),
            HelpKeywords = Four("HLP", i),
            MarketingKeywords = Four("MKT", i),
        })],
    };

    private static ImmutableArray<string> Four(string kind, int set) => [.. Enumerable.Range(0, 4).Select(k => $"{kind}{set}X{k}")];

    private static MessagingChannel WithSet(int index, Func<KeywordSet, KeywordSet> change)
        => Valid with { KeywordSets = Valid.KeywordSets.SetItem(index, change(Valid.KeywordSets[index])) };

    private static CustomKeyword Custom(string keyword, KeywordMatch match)
        => new() { Keyword = keyword, Match = match, ReplyText = "reply" };
}
