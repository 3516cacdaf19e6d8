using CsCheck;
using MessagingChannelUsage.Routing.Keywords;

namespace MessagingChannelUsage.Routing.Tests.Keywords;

/// <summary>domain.md §4.3: NFKC, trim white space and trailing .!?, invariant case fold, collapse inner white space.</summary>
public class KeywordNormalizerTests
{
    public static TheoryData<string, string> Table => new()
    {
        { "stop", "STOP" },
        { "Stop", "STOP" },
        { "STOP", "STOP" },
        { "  stop  ", "STOP" },
        { "stop!", "STOP" },
        { "stop.", "STOP" },
        { "stop?!", "STOP" },
        { "stop !", "STOP" },
        { "stop . ! ?", "STOP" },
        { "\tstop\r\n", "STOP" },
        { "opt   out", "OPT OUT" },
        { "opt\t\nout", "OPT OUT" },
        { "opt\u00A0out", "OPT OUT" },
        { "ＳＴＯＰ", "STOP" },
        { "ｓｔｏｐ！", "STOP" },
        { "ＯＰＴ\u3000ＯＵＴ", "OPT OUT" },
        { "\uFB01nish", "FINISH" },
        { "e\uFB00ort", "EFFORT" },
        { "stop\u2026", "STOP" },
        { "st.op", "ST.OP" },
        { "!stop", "!STOP" },
        { "stop sending me offers", "STOP SENDING ME OFFERS" },
        { "café", "CAFÉ" },
        { "cafe\u0301", "CAFÉ" },
        { "", "" },
        { "  !?. ", "" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Normalize_FollowsTheKeywordRules(string text, string expected)
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
    [InlineData("\u2460", "1")]
    [InlineData("x\u00B2", "X2")]
    [InlineData("\u33CF", "KT")]
    public void Normalize_UsesFullNfkc_WhenThePlatformHasIt(string text, string expected)
    {
        // The test project runs with ICU (InvariantGlobalization=false), as the gateway should.
        Assert.True(KeywordNormalizer.UsesPlatformNormalization);
        Assert.Equal(expected, KeywordNormalizer.Normalize(text));
    }

    [Fact]
    public void Normalize_TooLongForTheBuffer_ReportsTruncation()
    {
        Span<char> buffer = stackalloc char[4];

        var written = KeywordNormalizer.Normalize("join now", buffer, out var truncated);

        Assert.True(truncated);
        Assert.Equal("JOIN", buffer[..written].ToString());
    }

    [Fact]
    public void Normalize_LongNonNfkcText_NormalisesThroughAPooledBuffer()
    {
        var text = string.Concat(Enumerable.Repeat("ｓｔｏｐ ", 300));
        Span<char> buffer = stackalloc char[8];

        var written = KeywordNormalizer.Normalize(text, buffer, out var truncated);

        Assert.True(truncated);
        Assert.Equal("STOP STO", buffer[..written].ToString());
    }

    [Theory]
    [InlineData("ＳＴＯＰ", "STOP")]
    [InlineData("ｓｔｏｐ！", "STOP")]
    [InlineData("\uFB03x \uFB04 \uFB05 \uFB06", "FFIX FFL ST ST")]
    [InlineData("ＯＰＴ\u3000ＯＵＴ", "OPT OUT")]
    [InlineData("stop\u2026", "STOP")]
    [InlineData("stop", "STOP")]
    [InlineData("héllo", "HÉLLO")]
    public void Fold_WithoutPlatformNormalization_CoversTheCommonCompatibilityForms(string text, string expected)
    {
        // What a host with invariant globalization runs: no NFKC from the platform, the fallback table.
        var buffer = new char[64];

        var written = KeywordNormalizer.Fold(text, buffer, out var truncated);

        Assert.False(truncated);
        Assert.Equal(expected, new string(buffer, 0, written));
    }

    [Fact]
    public void Normalize_SpanIntoAnyBuffer_IsAPrefixOfTheFullNormalisation()
    {
        // The ASCII fast path stops at the end of the buffer; it must agree with NFKC + fold.
        var chars = Gen.OneOf(' ', '\t', '\n', '.', '!', '?', 'a', 'Z', 'q', '1', '#', '\u00A0', '\u3000', 'é', '\u0301', 'Ｓ', '！', '\uFB01', '\u2026');
        var gen = Gen.Select(chars.Array[0, 40].Select(a => new string(a)), Gen.Int[0, 50]);
        gen.Sample((text, size) =>
        {
            var full = KeywordNormalizer.Normalize(text);
            var buffer = new char[size];

            var written = KeywordNormalizer.Normalize(text, buffer, out var truncated);

            var prefix = new string(buffer, 0, written);
            if (truncated)
            {
                Assert.StartsWith(prefix, full, StringComparison.Ordinal);
                Assert.True(full.Length > size);
            }
            else
            {
                Assert.Equal(full, prefix);
            }
        }, iter: 20_000);
    }
}
