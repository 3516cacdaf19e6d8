using MessagingChannelUsage.Routing.Ids;

namespace MessagingChannelUsage.Routing.Tests.Ids;

/// <summary>
/// domain.md §6. Vectors computed by hand: each 5-character chunk of the 15-character id gives a
/// 5-bit number (bit i set when character i of the chunk is an upper-case letter), written with
/// the alphabet A-Z then 0-5.
/// </summary>
public class SalesforceIdTests
{
    [Theory]
    // "00100" "00000" "00001": no upper case → 0,0,0 → AAA.
    [InlineData("001000000000001", "001000000000001AAA")]
    // "0Mj00": M at position 1 → 2 → C; then 0, 0 → "CAA".
    [InlineData("0Mj000000000001", "0Mj000000000001CAA")]
    // "ABCDE" → 31 → 5; "abcde" → 0 → A; "ABCDE" → 5.
    [InlineData("ABCDEabcdeABCDE", "ABCDEabcdeABCDE5A5")]
    // "aBcDe": B(1), D(3) → 2+8 = 10 → K; "FgHiJ": F(0), H(2), J(4) → 1+4+16 = 21 → V; "kLmNo" → 10 → K.
    [InlineData("aBcDeFgHiJkLmNo", "aBcDeFgHiJkLmNoKVK")]
    // "0PA00": P(1), A(2) → 6 → G.
    [InlineData("0PA000000000001", "0PA000000000001GAA")]
    public void TryNormalize_FifteenCharacters_AddsTheSuffix(string id15, string id18)
    {
        Assert.True(SalesforceId.TryNormalize(id15, out var normalized, out var error));
        Assert.Equal(id18, normalized);
        Assert.Equal(SalesforceId.ParseError.None, error);
        Assert.Equal(id18, SalesforceId.To18(id15));
    }

    [Theory]
    [InlineData("001000000000001AAA")]
    [InlineData("aBcDeFgHiJkLmNoKVK")]
    public void TryNormalize_EighteenCharacters_ValidSuffix_IsKept(string id18)
    {
        Assert.True(SalesforceId.TryNormalize(id18, out var normalized, out _));
        Assert.Equal(id18, normalized);
    }

    [Fact]
    public void TryNormalize_AnEighteenCharacterString_IsReturnedAsTheSameInstance()
    {
        var id18 = string.Concat("aBcDeFgHiJkLmNo", "KVK");

        Assert.True(SalesforceId.TryNormalize(id18, out var normalized, out _));
        Assert.Same(id18, normalized);
    }

    [Fact]
    public void TryNormalize_ANullString_IsEmpty()
    {
        Assert.False(SalesforceId.TryNormalize((string?)null, out var normalized, out var error));
        Assert.Null(normalized);
        Assert.Equal(SalesforceId.ParseError.Empty, error);
    }

    [Fact]
    public void TryNormalize_LowerCaseSuffix_IsAcceptedAndReturnedUpperCase()
    {
        Assert.True(SalesforceId.TryNormalize("aBcDeFgHiJkLmNokvk", out var normalized, out _));
        Assert.Equal("aBcDeFgHiJkLmNoKVK", normalized);
    }

    [Theory]
    [InlineData("", SalesforceId.ParseError.Empty)]
    [InlineData("00100000000000", SalesforceId.ParseError.WrongLength)]
    [InlineData("0010000000000010", SalesforceId.ParseError.WrongLength)]
    [InlineData("001000000000001AAAA", SalesforceId.ParseError.WrongLength)]
    [InlineData("00100000000000-", SalesforceId.ParseError.BadCharacter)]
    [InlineData("0010000 0000001", SalesforceId.ParseError.BadCharacter)]
    [InlineData("00100000000000é", SalesforceId.ParseError.BadCharacter)]
    [InlineData("001000000000001AAB", SalesforceId.ParseError.BadSuffix)]
    [InlineData("0Mj000000000001AAA", SalesforceId.ParseError.BadSuffix)]
    [InlineData("0mj000000000001CAA", SalesforceId.ParseError.BadSuffix)]
    public void TryNormalize_Invalid_SaysWhy(string id, SalesforceId.ParseError expected)
    {
        Assert.False(SalesforceId.TryNormalize(id, out var normalized, out var error));
        Assert.Null(normalized);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryNormalize_WithExpectedPrefix_RejectsAnotherObjectsId()
    {
        Assert.True(SalesforceId.TryNormalize("0Mj000000000001", out _, out _, KeyPrefixes.MessagingChannel));
        Assert.False(SalesforceId.TryNormalize("001000000000001", out _, out var error, KeyPrefixes.MessagingChannel));
        Assert.Equal(SalesforceId.ParseError.WrongPrefix, error);
    }

    [Fact]
    public void To18_Invalid_Throws()
        => Assert.Throws<ArgumentException>(() => SalesforceId.To18("short"));

    [Theory]
    [InlineData(KeyPrefixes.MessagingChannel)]
    [InlineData(KeyPrefixes.MessagingSession)]
    [InlineData(KeyPrefixes.MessagingEndUser)]
    [InlineData(KeyPrefixes.MessagingChannelUsage)]
    public void NewId_IsAValidEighteenCharacterIdWithThePrefix(string prefix)
    {
        var ids = Enumerable.Range(0, 100).Select(_ => SalesforceId.NewId(prefix)).ToList();

        Assert.All(ids, id =>
        {
            Assert.Equal(18, id.Length);
            Assert.True(SalesforceId.TryNormalize(id, out var same, out _, prefix));
            Assert.Equal(id, same);
            Assert.Equal(id, SalesforceId.To18(id[..15]));
        });
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void NewId_BadPrefix_Throws()
        => Assert.Throws<ArgumentException>(() => SalesforceId.NewId("0M"));

    [Fact]
    public void KeyPrefixes_AreDistinct()
        => Assert.Equal(4, new[] { KeyPrefixes.MessagingChannel, KeyPrefixes.MessagingSession, KeyPrefixes.MessagingEndUser, KeyPrefixes.MessagingChannelUsage }.Distinct(StringComparer.Ordinal).Count());

    [Fact]
    public void Explain_AWrongChecksum_NamesTheChecksumAndTheSuffixTheIdCallsFor()
    {
        var id = SalesforceId.NewId(KeyPrefixes.MessagingChannel);
        var wrong = id[..15] + (id[15] == 'A' ? "BAA" : "AAA");

        Assert.False(SalesforceId.TryNormalize(wrong, out _, out var error));
        var explained = SalesforceId.Explain(wrong, error);

        Assert.Equal(SalesforceId.ParseError.BadSuffix, error);
        Assert.Contains("wrong checksum", explained, StringComparison.Ordinal);
        Assert.Contains($"'{id[15..]}'", explained, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0Mj12345", "has 8 characters; a Salesforce id has 15 or 18")]
    [InlineData("0Mj0000000DEMO!", "contains a character that is not a letter or digit (a Salesforce id is alphanumeric)")]
    public void Explain_SaysWhatIsWrongWithTheId(string id, string expected)
    {
        Assert.False(SalesforceId.TryNormalize(id, out _, out var error));

        Assert.Equal(expected, SalesforceId.Explain(id, error));
    }

    [Fact]
    public void Explain_AnIdOfAnotherObject_NamesTheObjectAndItsPrefix()
    {
        var usage = SalesforceId.NewId(KeyPrefixes.MessagingChannelUsage);

        Assert.False(SalesforceId.TryNormalize(usage, out _, out var error, KeyPrefixes.MessagingChannel));

        Assert.Equal($"is not a MessagingChannel id (prefix {KeyPrefixes.MessagingChannel})", SalesforceId.Explain(usage, error, KeyPrefixes.MessagingChannel, "MessagingChannel"));
    }
}
