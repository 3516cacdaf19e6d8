using System.Buffers;
using System.Text;

namespace MessagingChannelUsage.Routing.Keywords;

/// <summary>
/// Keyword normalisation of domain.md §4.3: Unicode NFKC, trim white space and trailing
/// <c>.!?</c>, fold case with the invariant culture (to upper case), collapse inner white space
/// to one space. Beyond Latin (pinned by KeywordNormalizerScriptTests, written in the README):
/// ß → SS, Turkish İ/ı → I, Greek ς → Σ (<see cref="CaseFolding"/>); leading ¡¿ and trailing 。؟
/// trimmed; accents, Arabic harakat and tatweel kept (they are part of the keyword). Keywords are stored in this form; messages are normalised the same way before
/// they are compared, through the span overloads, which allocate nothing for ASCII text or text
/// that is already NFKC.
/// </summary>
/// <remarks>
/// NFKC needs ICU. A process running with <c>InvariantGlobalization</c> gets a no-op from the
/// platform, so a small built-in table then covers the compatibility forms seen in messages
/// (full-width ASCII such as "ＳＴＯＰ", the Latin ligatures ﬀ…ﬆ, the ellipsis). The table is applied
/// always: text the platform has already normalised contains none of those characters, so it
/// never changes a real NFKC result. <see cref="UsesPlatformNormalization"/> says which one runs.
/// </remarks>
public static class KeywordNormalizer
{
    /// <summary>Texts up to this many characters are normalised on the stack.</summary>
    private const int StackLimit = 512;

    /// <summary>True when the platform (ICU) does full NFKC; false under invariant globalization.</summary>
    public static bool UsesPlatformNormalization { get; } = ProbePlatformNormalization();

    /// <summary>The normalised form of a keyword (or any text); never null, may be empty.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var source = NeedsPlatformNormalization(text) ? text.Normalize(NormalizationForm.FormKC) : text;
        // A fallback mapping expands one character to at most three, case folding each to two.
        var buffer = new char[(source.Length * CompatibilityFallback.MaxExpansion * CaseFolding.MaxExpansion) + 1];
        var written = Fold(source, buffer, out _);
        return new string(buffer, 0, written);
    }

    /// <summary>
    /// Normalises <paramref name="text"/> into <paramref name="destination"/>. When the result does
    /// not fit, writes its first <c>destination.Length</c> characters and sets
    /// <paramref name="truncated"/>. Allocates only when the text is non-ASCII, not yet NFKC and
    /// longer than the stack buffer (then it rents from the shared array pool).
    /// </summary>
    public static int Normalize(ReadOnlySpan<char> text, Span<char> destination, out bool truncated)
    {
        if (TryFoldAscii(text, destination, out var written, out truncated))
        {
            return written;
        }

        if (!NeedsPlatformNormalization(text))
        {
            return Fold(text, destination, out truncated);
        }

        var length = text.GetNormalizedLength(NormalizationForm.FormKC);
        char[]? rented = null;
        var nfkc = length <= StackLimit
            ? stackalloc char[StackLimit]
            : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            if (!text.TryNormalize(nfkc, out var nfkcLength, NormalizationForm.FormKC))
            {
                // Cannot happen (the length was asked for); fold the raw text rather than fail.
                return Fold(text, destination, out truncated);
            }

            return Fold(nfkc[..nfkcLength], destination, out truncated);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>True when <paramref name="c"/> is one of the trailing characters §4.3 trims.</summary>
    /// <remarks>
    /// Beyond Latin the same marks of other scripts are trimmed: the ideographic full stop 。 and
    /// the Arabic question mark ؟ (NFKC keeps both).
    /// </remarks>
    internal static bool IsTrailingPunctuation(char c)
        // The full-width forms and the ellipsis only occur here when the platform could not
        // normalise (they map to . ! ? under NFKC).
        => c is '.' or '!' or '?' or '\uFF0E' or '\uFF01' or '\uFF1F' or '\u2026' or '\u3002' or '\uFF61' or '\u061F';

    /// <summary>True for the Spanish opening marks ¡ and ¿, trimmed at the start ("¡BAJA!" is BAJA).</summary>
    internal static bool IsLeadingPunctuation(char c) => c is '\u00A1' or '\u00BF';

    /// <summary>Trims leading white space and ¡¿, and trailing white space and <c>.!?</c> (in any mix).</summary>
    internal static ReadOnlySpan<char> Trim(ReadOnlySpan<char> text)
    {
        var start = 0;
        while (start < text.Length && (char.IsWhiteSpace(text[start]) || IsLeadingPunctuation(text[start])))
        {
            start++;
        }

        var end = text.Length;
        while (end > start && (char.IsWhiteSpace(text[end - 1]) || IsTrailingPunctuation(text[end - 1])))
        {
            end--;
        }

        return text[start..end];
    }

    /// <summary>
    /// Trims, collapses white space, maps the compatibility forms of <see cref="CompatibilityFallback"/>
    /// and upper-cases (<see cref="CaseFolding"/>). <paramref name="text"/> is already NFKC (or the
    /// platform cannot normalise).
    /// </summary>
    internal static int Fold(ReadOnlySpan<char> text, Span<char> destination, out bool truncated)
    {
        var trimmed = Trim(text);
        var written = 0;
        var pendingSpace = false;
        Span<char> mapped = stackalloc char[CompatibilityFallback.MaxExpansion];
        Span<char> upper = stackalloc char[CaseFolding.MaxExpansion];
        foreach (var c in trimmed)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                if (written == destination.Length)
                {
                    truncated = true;
                    return written;
                }

                destination[written++] = ' ';
                pendingSpace = false;
            }

            var count = CompatibilityFallback.Map(c, mapped);
            for (var i = 0; i < count; i++)
            {
                var upperCount = CaseFolding.ToUpper(mapped[i], upper);
                for (var j = 0; j < upperCount; j++)
                {
                    if (written == destination.Length)
                    {
                        truncated = true;
                        return written;
                    }

                    destination[written++] = upper[j];
                }
            }
        }

        truncated = false;
        return written;
    }

    /// <summary>
    /// The hot path: folds while every character it has to look at is ASCII (or white space),
    /// which is already NFKC. It stops at the end of <paramref name="destination"/>, so a long
    /// message costs no more than a short one; what lies beyond cannot change the characters
    /// written (it stops only before an ASCII character, and NFKC only changes a character
    /// together with the combining marks right after it; the end of the text, which decides what
    /// is trimmed, is checked first). False = a character needs the full path.
    /// </summary>
    internal static bool TryFoldAscii(ReadOnlySpan<char> text, Span<char> destination, out int written, out bool truncated)
    {
        var start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        var end = text.Length;
        while (end > start && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] is '.' or '!' or '?'))
        {
            end--;
        }

        written = 0;
        truncated = false;
        if (end > start && text[end - 1] > '\u007F')
        {
            // A non-ASCII last character may turn into trailing punctuation under NFKC (e.g. the
            // ellipsis); what is trimmed must be known before a truncated prefix means anything.
            return false;
        }

        var pendingSpace = false;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c > '\u007F')
            {
                if (!char.IsWhiteSpace(c))
                {
                    return false;
                }

                pendingSpace = true;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (written + (pendingSpace ? 2 : 1) > destination.Length)
            {
                // Same prefix as the full path writes: the pending space first, if it fits.
                if (pendingSpace && written < destination.Length)
                {
                    destination[written++] = ' ';
                }

                truncated = true;
                return true;
            }

            if (pendingSpace)
            {
                destination[written++] = ' ';
                pendingSpace = false;
            }

            destination[written++] = char.IsAsciiLetterLower(c) ? (char)(c - ('a' - 'A')) : c;
        }

        return true;
    }

    private static bool NeedsPlatformNormalization(ReadOnlySpan<char> text)
        => UsesPlatformNormalization && !Ascii.IsValid(text) && !text.IsNormalized(NormalizationForm.FormKC);

    private static bool ProbePlatformNormalization()
    {
        try
        {
            return "\uFB01".Normalize(NormalizationForm.FormKC) == "fi";
        }
        catch (PlatformNotSupportedException)
        {
            return false;
        }
    }
}
