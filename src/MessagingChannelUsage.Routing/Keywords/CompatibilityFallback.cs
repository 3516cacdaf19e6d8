namespace MessagingChannelUsage.Routing.Keywords;

/// <summary>
/// The NFKC compatibility mappings that matter for keywords, for a process where the platform
/// cannot normalise (invariant globalization): full-width ASCII (U+FF01–U+FF5E, e.g. "ＳＴＯＰ"),
/// the ideographic space, the Latin ligatures U+FB00–U+FB06 and the horizontal ellipsis. Each is
/// what NFKC gives for that character; every other character is kept as it is.
/// </summary>
internal static class CompatibilityFallback
{
    /// <summary>The longest mapping ("ffi", "ffl", "...").</summary>
    public const int MaxExpansion = 3;

    /// <summary>Writes the mapping of <paramref name="c"/> into <paramref name="destination"/>; returns its length.</summary>
    public static int Map(char c, Span<char> destination)
    {
        if (c < '\u00A0')
        {
            destination[0] = c;
            return 1;
        }

        if (c is >= '\uFF01' and <= '\uFF5E')
        {
            destination[0] = (char)(c - 0xFEE0);
            return 1;
        }

        return c switch
        {
            '\u3000' => Write(destination, " "),
            '\u2026' => Write(destination, "..."),
            '\uFB00' => Write(destination, "ff"),
            '\uFB01' => Write(destination, "fi"),
            '\uFB02' => Write(destination, "fl"),
            '\uFB03' => Write(destination, "ffi"),
            '\uFB04' => Write(destination, "ffl"),
            '\uFB05' or '\uFB06' => Write(destination, "st"),
            _ => Write(destination, c),
        };
    }

    private static int Write(Span<char> destination, char c)
    {
        destination[0] = c;
        return 1;
    }

    private static int Write(Span<char> destination, string text)
    {
        text.AsSpan().CopyTo(destination);
        return text.Length;
    }
}
