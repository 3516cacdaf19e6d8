using MessagingChannelUsage.Routing.Keywords;

namespace MessagingChannelUsage.Routing.Tests.Keywords;

/// <summary>BCP 47 tags are checked by the RFC 5646 grammar (well-formed), not by the platform's cultures.</summary>
public class LanguageTagTests
{
    [Theory]
    [InlineData("es")]
    [InlineData("ES")]
    [InlineData("pt-BR")]
    [InlineData("pt-br")]
    [InlineData("zh-Hant-TW")]
    [InlineData("es-419")]
    [InlineData("sr-Latn")]
    [InlineData("yue")]
    [InlineData("zh-yue-HK")]
    [InlineData("de-CH-1996")]
    [InlineData("en-US-u-ca-gregory")]
    [InlineData("en-x-custom")]
    [InlineData("x-whatever")]
    [InlineData("haw")]
    public void IsWellFormed_AcceptsTagsOfTheGrammar(string tag) => Assert.True(LanguageTag.IsWellFormed(tag));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("e")]
    [InlineData("español")]
    [InlineData("es_ES")]
    [InlineData("es-")]
    [InlineData("-es")]
    [InlineData("es--ES")]
    [InlineData("es ES")]
    [InlineData("toolonglanguage")]
    [InlineData("en-US-x")]
    [InlineData("es\n")]
    [InlineData("\u212Aa")]
    [InlineData("i-klingon")]
    public void IsWellFormed_RefusesAnythingElse(string? tag) => Assert.False(LanguageTag.IsWellFormed(tag));

    [Fact]
    public void IsWellFormed_RefusesATagOverTheLengthLimit()
        => Assert.False(LanguageTag.IsWellFormed("en" + string.Concat(Enumerable.Repeat("-abcdefgh", 8))));
}
