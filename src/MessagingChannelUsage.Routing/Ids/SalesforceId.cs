using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace MessagingChannelUsage.Routing.Ids;

/// <summary>
/// Salesforce ids (domain.md §6): 15 case-sensitive alphanumeric characters, or 18 with a
/// 3-character suffix that encodes the case of the first 15. Accept both, validate the suffix,
/// always hand out 18.
/// </summary>
public static class SalesforceId
{
    private const string SuffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Why an id failed to parse.</summary>
    public enum ParseError { None, Empty, WrongLength, BadCharacter, BadSuffix, WrongPrefix }

    /// <summary>
    /// Parses a 15- or 18-character id into its 18-character form. With
    /// <paramref name="expectedPrefix"/>, an id of another object is rejected as well.
    /// </summary>
    public static bool TryNormalize(
        ReadOnlySpan<char> id,
        [NotNullWhen(true)] out string? id18,
        out ParseError error,
        string? expectedPrefix = null)
        => TryNormalize(id, original: null, out id18, out error, expectedPrefix);

    /// <summary>
    /// <see cref="TryNormalize(ReadOnlySpan{char}, out string?, out ParseError, string?)"/> of a
    /// string: an id already in its 18-character form comes back as the same instance (the hot
    /// path receives 18-character ids; copying each one cost a string per message, issue 12).
    /// </summary>
    public static bool TryNormalize(
        string? id,
        [NotNullWhen(true)] out string? id18,
        out ParseError error,
        string? expectedPrefix = null)
        => TryNormalize(id.AsSpan(), id, out id18, out error, expectedPrefix);

    private static bool TryNormalize(
        ReadOnlySpan<char> id,
        string? original,
        [NotNullWhen(true)] out string? id18,
        out ParseError error,
        string? expectedPrefix)
    {
        id18 = null;
        if (id.IsEmpty)
        {
            error = ParseError.Empty;
            return false;
        }

        if (id.Length is not (15 or 18))
        {
            error = ParseError.WrongLength;
            return false;
        }

        foreach (var c in id[..15])
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                error = ParseError.BadCharacter;
                return false;
            }
        }

        Span<char> suffix = stackalloc char[3];
        WriteSuffix(id[..15], suffix);
        if (id.Length == 18 && !id[15..].SequenceEqual(suffix))
        {
            // Salesforce compares the suffix case-insensitively; its alphabet is upper case.
            if (!id[15..].Equals(suffix, StringComparison.OrdinalIgnoreCase))
            {
                error = ParseError.BadSuffix;
                return false;
            }
        }

        if (expectedPrefix is not null && !id.StartsWith(expectedPrefix, StringComparison.Ordinal))
        {
            error = ParseError.WrongPrefix;
            return false;
        }

        error = ParseError.None;
        id18 = id.Length == 18 && id[15..].SequenceEqual(suffix)
            ? original ?? id.ToString()
            : string.Concat(id[..15], suffix);
        return true;
    }

    /// <summary>
    /// Why <paramref name="id"/> was refused, in words an admin can act on (completes "X ..."):
    /// a wrong checksum is named as such, with the suffix the first 15 characters call for.
    /// </summary>
    public static string Explain(ReadOnlySpan<char> id, ParseError error, string? expectedPrefix = null, string? objectName = null) => error switch
    {
        ParseError.Empty => "is empty",
        ParseError.WrongLength => $"has {id.Length} characters; a Salesforce id has 15 or 18",
        ParseError.BadCharacter => "contains a character that is not a letter or digit (a Salesforce id is alphanumeric)",
        ParseError.BadSuffix => $"has a wrong checksum: its last 3 characters are '{id[15..]}', its first 15 call for '{Suffix(id[..15])}' (a mistyped or mis-cased character?)",
        ParseError.WrongPrefix => $"is not {(objectName is null ? "an id of this object" : $"a {objectName} id")} (prefix {expectedPrefix})",
        _ => "is a valid id",
    };

    /// <summary>The 18-character form of a valid 15-character id.</summary>
    public static string To18(string id15)
    {
        ArgumentNullException.ThrowIfNull(id15);
        return TryNormalize(id15, out var id18, out var error)
            ? id18
            : throw new ArgumentException($"Not a Salesforce id ({error}).", nameof(id15));
    }

    /// <summary>A new random 18-character id with the given 3-character key prefix.</summary>
    public static string NewId(string keyPrefix)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        if (keyPrefix.Length != 3)
        {
            throw new ArgumentException("A key prefix has three characters.", nameof(keyPrefix));
        }

        Span<char> id = stackalloc char[18];
        keyPrefix.AsSpan().CopyTo(id);
        // Salesforce puts the pod in characters 4-5 and a reserved '0' in 6; we keep "000"
        // and fill the remaining 9 with 53 random bits (base 62), enough for no collisions in practice.
        id[3] = '0';
        id[4] = '0';
        id[5] = '0';
        var value = NextRandom() & ((1UL << 53) - 1);
        for (var i = 14; i >= 6; i--)
        {
            id[i] = Base62[(int)(value % 62)];
            value /= 62;
        }

        WriteSuffix(id[..15], id[15..]);
        return new string(id);
    }

    // Cryptographic randomness (ids must not be guessable from earlier ones), fetched 64 ids at a
    // time per thread: one RandomNumberGenerator call per id was ~1.8 % of a streamed message's
    // CPU on Redis (two new ids per end-user write), most of it the call itself.
    [ThreadStatic]
    private static byte[]? randomBuffer;

    [ThreadStatic]
    private static int randomOffset;

    private static ulong NextRandom()
    {
        var buffer = randomBuffer ??= new byte[8 * 64];
        if (randomOffset == 0)
        {
            RandomNumberGenerator.Fill(buffer);
        }

        var value = BitConverter.ToUInt64(buffer, randomOffset);
        // Each 8 bytes are used once: cleared, and the offset wraps to a refill.
        Array.Clear(buffer, randomOffset, 8);
        randomOffset = (randomOffset + 8) % buffer.Length;
        return value;
    }

    private static string Suffix(ReadOnlySpan<char> id15)
    {
        Span<char> suffix = stackalloc char[3];
        WriteSuffix(id15, suffix);
        return new string(suffix);
    }

    private static void WriteSuffix(ReadOnlySpan<char> id15, Span<char> suffix)
    {
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var bits = 0;
            for (var i = 0; i < 5; i++)
            {
                if (char.IsAsciiLetterUpper(id15[(chunk * 5) + i]))
                {
                    bits |= 1 << i;
                }
            }

            suffix[chunk] = SuffixAlphabet[bits];
        }
    }
}
