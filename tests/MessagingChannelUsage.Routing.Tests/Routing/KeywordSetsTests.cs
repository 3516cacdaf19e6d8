using MessagingChannelUsage.Routing.Routing;

namespace MessagingChannelUsage.Routing.Tests.Routing;

/// <summary>Consent keywords match the whole message, marketing keywords its first word (§4.3).</summary>
public class KeywordSetsTests
{
    private static readonly KeywordSets Sets = KeywordSets.Create(TestChannels.Channel());

    [Theory]
    [InlineData("STOP", ConsentKeywordKind.OptOut, "STOP")]
    [InlineData("stop!", ConsentKeywordKind.OptOut, "STOP")]
    [InlineData("ＳＴＯＰ", ConsentKeywordKind.OptOut, "STOP")]
    [InlineData(" Opt  Out ", ConsentKeywordKind.OptOut, "OPT OUT")]
    [InlineData("yes", ConsentKeywordKind.OptIn, "YES")]
    [InlineData("Start.", ConsentKeywordKind.OptIn, "START")]
    [InlineData("confirm", ConsentKeywordKind.DoubleOptIn, "CONFIRM")]
    [InlineData("help?", ConsentKeywordKind.Help, "HELP")]
    [InlineData("info", ConsentKeywordKind.Help, "INFO")]
    [InlineData("STOP....................\u2026", ConsentKeywordKind.OptOut, "STOP")]
    [InlineData("stop\u3000", ConsentKeywordKind.OptOut, "STOP")]
    [InlineData("stop sending me offers", ConsentKeywordKind.None, null)]
    [InlineData("please stop", ConsentKeywordKind.None, null)]
    [InlineData("stopp", ConsentKeywordKind.None, null)]
    [InlineData("", ConsentKeywordKind.None, null)]
    [InlineData("   ", ConsentKeywordKind.None, null)]
    public void Classify_ConsentKeyword_MatchesTheWholeMessage(string text, ConsentKeywordKind kind, string? keyword)
    {
        var result = Sets.Classify(text);

        Assert.Equal(kind, result.ConsentKeyword);
        Assert.Equal(keyword, result.ConsentKeywordText);
    }

    [Theory]
    [InlineData("JOIN", "JOIN")]
    [InlineData("join now", "JOIN")]
    [InlineData("Join! today please", "JOIN")]
    [InlineData("  deals   for me", "DEALS")]
    [InlineData("ＪＯＩＮ now", "JOIN")]
    [InlineData("join now \U0001F600", "JOIN")]
    [InlineData("joined", null)]
    [InlineData("I want to join", null)]
    [InlineData("", null)]
    public void Classify_MarketingKeyword_MatchesTheFirstWord(string text, string? keyword)
        => Assert.Equal(keyword, Sets.Classify(text).MarketingKeyword);

    [Fact]
    public void Classify_LongMessageStartingWithAKeyword_StillMatchesTheFirstWord()
    {
        var text = "JOIN " + new string('x', 3000);

        var result = Sets.Classify(text);

        Assert.Equal("JOIN", result.MarketingKeyword);
        Assert.Equal(ConsentKeywordKind.None, result.ConsentKeyword);
    }

    [Fact]
    public void Classify_VeryLongFirstWord_MatchesNothing()
        => Assert.Null(Sets.Classify("JOIN" + new string('x', 200)).MarketingKeyword);

    [Fact]
    public void Classify_ReturnsTheSetsOwnInstances()
    {
        var result = Sets.Classify("stop");

        Assert.Same(Sets.Find("STOP"), result.WholeMessage);
        Assert.Same(Sets.Find("STOP")!.Keyword, result.ConsentKeywordText);
    }

    [Theory]
    [InlineData("OPT OUT", KeywordKind.OptOut)]
    [InlineData("DEALS", KeywordKind.Marketing)]
    [InlineData("START", KeywordKind.OptIn)]
    public void Create_StoresKeywordsNormalised(string normalized, KeywordKind kind)
        => Assert.Equal(kind, Sets.Find(normalized)?.Kind);
}
