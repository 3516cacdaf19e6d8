namespace MessagingChannelUsage.Routing.Keywords;

/// <summary>
/// Upper-casing for keywords: the invariant culture's simple upper case, plus three choices the
/// invariant culture does not make (README "Keyword normalisation"):
/// <list type="bullet">
/// <item>German ß and ẞ become "SS" (Unicode's full case folding), so "straße" matches STRASSE.</item>
/// <item>Turkish dotted capital İ becomes I, as dotless ı does, so "iptal", "İPTAL" and "IPTAL"
/// are one keyword (a phone keyboard without Turkish letters writes i for both).</item>
/// <item>Greek final sigma ς upper-cases to Σ like σ (the invariant culture already does this).</item>
/// </list>
/// </summary>
internal static class CaseFolding
{
    /// <summary>The longest result ("SS").</summary>
    public const int MaxExpansion = 2;

    /// <summary>Writes the upper-case form of <paramref name="c"/>; returns its length (1 or 2).</summary>
    public static int ToUpper(char c, Span<char> destination)
    {
        switch (c)
        {
            case '\u00DF' or '\u1E9E':
                destination[0] = 'S';
                destination[1] = 'S';
                return 2;
            case '\u0130' or '\u0131':
                destination[0] = 'I';
                return 1;
            default:
                destination[0] = char.ToUpperInvariant(c);
                return 1;
        }
    }
}
