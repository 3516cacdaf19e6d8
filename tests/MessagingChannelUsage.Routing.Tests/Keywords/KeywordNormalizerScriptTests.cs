using MessagingChannelUsage.Routing.Keywords;

namespace MessagingChannelUsage.Routing.Tests.Keywords;

/// <summary>
/// Normalisation beyond Latin, as chosen and written in the README ("Keyword normalisation"):
/// each row is a message and the keyword it becomes. Two texts that should be one keyword
/// normalise to the same string; two that should not, to different ones.
/// </summary>
public class KeywordNormalizerScriptTests
{
    public static TheoryData<string, string> Table => new()
    {
        // Full-width forms (NFKC): Latin, digits, the ideographic space, the full-width !.
        { "ＢＡＪＡ", "BAJA" },
        { "ｂａｊａ！", "BAJA" },
        { "ＰＲＩＣＥ\u3000１２", "PRICE 12" },
        // Half-width katakana become full-width (NFKC), so both spellings are one keyword.
        { "ﾃｲｼ", "テイシ" },
        // Greek: σ and final ς both upper-case to Σ; accents (tonos) stay part of the keyword.
        { "τέλος", "ΤΈΛΟΣ" },
        { "ΤΈΛΟΣ", "ΤΈΛΟΣ" },
        { "τελοσ", "ΤΕΛΟΣ" },
        // German: ß and ẞ are SS (full case folding), so "straße" and STRASSE are one keyword.
        { "straße", "STRASSE" },
        { "STRAẞE", "STRASSE" },
        { "Strasse", "STRASSE" },
        // Turkish: dotted İ and dotless ı both become I, like i: "iptal", "İPTAL", "ıptal" are one keyword.
        { "iptal", "IPTAL" },
        { "İPTAL", "IPTAL" },
        { "ıptal", "IPTAL" },
        { "İptal", "IPTAL" },
        // Arabic: no case; presentation forms become base letters (NFKC); the Arabic question mark is trimmed.
        { "توقف", "توقف" },
        { "\uFEE9\uFEE8\uFEEE", "\u0647\u0646\u0648" },
        { "مساعدة؟", "مساعدة" },
        // ... harakat and tatweel are kept: they change the keyword.
        { "تَوقف", "تَوقف" },
        { "تـوقف", "تـوقف" },
        // CJK: no case; the ideographic full stop is trimmed; the ideographic space separates words.
        { "退订", "退订" },
        { "退订。", "退订" },
        { "配信停止", "配信停止" },
        { "ヘルプ\u3000ください", "ヘルプ ください" },
        // Spanish opening marks are trimmed like the closing ones.
        { "¡Baja!", "BAJA" },
        { "¿Ayuda?", "AYUDA" },
        { "  ¿¡ ayuda !?", "AYUDA" },
        { "información", "INFORMACIÓN" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Normalize_BeyondLatin_GivesTheChosenForm(string text, string expected)
        => Assert.Equal(expected, KeywordNormalizer.Normalize(text));

    [Theory]
    [MemberData(nameof(Table))]
    public void Normalize_SpanOverload_AgreesWithTheStringOne(string text, string expected)
    {
        Span<char> buffer = stackalloc char[128];

        var written = KeywordNormalizer.Normalize(text, buffer, out var truncated);

        Assert.False(truncated);
        Assert.Equal(expected, buffer[..written].ToString());
    }

    [Theory]
    [InlineData("τέλος", "τελος")]
    [InlineData("información", "informacion")]
    [InlineData("توقف", "تَوقف")]
    public void Normalize_KeepsAccentsAndMarks_SoTheseAreDifferentKeywords(string a, string b)
        => Assert.NotEqual(KeywordNormalizer.Normalize(a), KeywordNormalizer.Normalize(b));

    [Fact]
    public void Normalize_SharpSInATightBuffer_TruncatesWithinTheExpansion()
    {
        Span<char> buffer = stackalloc char[4];

        var written = KeywordNormalizer.Normalize("straße", buffer, out var truncated);

        Assert.True(truncated);
        Assert.Equal("STRA", buffer[..written].ToString());
    }
}
