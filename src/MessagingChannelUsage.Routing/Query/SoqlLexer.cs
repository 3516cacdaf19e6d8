using System.Globalization;
using System.Text;

namespace MessagingChannelUsage.Routing.Query;

/// <summary>
/// Turns SOQL text into tokens. Keywords are left as identifiers (SOQL keywords are not reserved
/// the same way everywhere, and the parser knows the context). Every lexical error is a
/// MALFORMED_QUERY naming the 1-based position.
/// </summary>
internal sealed class SoqlLexer(string soql)
{
    private const string DateTimeForms = "YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[.fff](Z|+hh:mm|-hh:mm)";

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
    ];

    private int index;

    /// <summary>
    /// The next token (End, repeatedly, at the end). Lexing is on demand, so an error early in the
    /// query is reported before a bad character further on.
    /// </summary>
    public SoqlToken Next()
    {
        var i = index;
        while (i < soql.Length && char.IsWhiteSpace(soql[i]))
        {
            i++;
        }

        if (i >= soql.Length)
        {
            index = i;
            return new SoqlToken(SoqlTokenKind.End, string.Empty, null, soql.Length + 1);
        }

        var start = i;
        var c = soql[i];
        SoqlToken token;
        if (char.IsAsciiLetter(c) || c == '_')
        {
            while (i < soql.Length && (char.IsAsciiLetterOrDigit(soql[i]) || soql[i] is '_' or '.'))
            {
                i++;
            }

            token = new SoqlToken(SoqlTokenKind.Identifier, soql[start..i], null, start + 1);
        }
        else if (c == '\'')
        {
            token = ReadString(soql, ref i);
        }
        else if (char.IsAsciiDigit(c) || (c is '-' or '+' && i + 1 < soql.Length && char.IsAsciiDigit(soql[i + 1])))
        {
            token = LooksLikeDate(soql, i) ? ReadDate(soql, ref i) : ReadNumber(soql, ref i);
        }
        else
        {
            token = ReadSymbol(soql, ref i);
        }

        index = i;
        return token;
    }

    private static SoqlToken ReadSymbol(string soql, ref int i)
    {
        var start = i;
        var next = i + 1 < soql.Length ? soql[i + 1] : '\0';
        (SoqlTokenKind kind, int length) = soql[i] switch
        {
            ',' => (SoqlTokenKind.Comma, 1),
            '(' => (SoqlTokenKind.OpenParen, 1),
            ')' => (SoqlTokenKind.CloseParen, 1),
            '=' => (SoqlTokenKind.Equal, 1),
            '!' when next == '=' => (SoqlTokenKind.NotEqual, 2),
            '<' when next == '>' => (SoqlTokenKind.NotEqual, 2),
            '<' when next == '=' => (SoqlTokenKind.LessOrEqual, 2),
            '<' => (SoqlTokenKind.Less, 1),
            '>' when next == '=' => (SoqlTokenKind.GreaterOrEqual, 2),
            '>' => (SoqlTokenKind.Greater, 1),
            _ => throw SoqlErrors.Malformed(soql, start + 1, $"unexpected character '{Printable(soql[i])}'"),
        };
        i += length;
        return new SoqlToken(kind, soql.Substring(start, length), null, start + 1);
    }

    /// <summary>A string literal with the SOQL escapes \' \" \\ \n \r \t \b \f (letters in either case).</summary>
    private static SoqlToken ReadString(string soql, ref int i)
    {
        var start = i;
        var value = new StringBuilder();
        i++;
        while (i < soql.Length)
        {
            var c = soql[i];
            if (c == '\'')
            {
                i++;
                return new SoqlToken(SoqlTokenKind.StringLiteral, soql[start..i], value.ToString(), start + 1);
            }

            if (c == '\\')
            {
                if (i + 1 >= soql.Length)
                {
                    break;
                }

                char? unescaped = soql[i + 1] switch
                {
                    '\'' => '\'',
                    '"' => '"',
                    '\\' => '\\',
                    'n' or 'N' => '\n',
                    'r' or 'R' => '\r',
                    't' or 'T' => '\t',
                    'b' or 'B' => '\b',
                    'f' or 'F' => '\f',
                    _ => null,
                };
                if (unescaped is null)
                {
                    throw SoqlErrors.Malformed(soql, i + 1,
                        $"invalid escape sequence '\\{Printable(soql[i + 1])}' in string literal; valid escapes are \\' \\\" \\\\ \\n \\r \\t \\b \\f,");
                }

                value.Append(unescaped.Value);
                i += 2;
                continue;
            }

            value.Append(c);
            i++;
        }

        throw SoqlErrors.Malformed(soql, start + 1, "unterminated string literal starting");
    }

    private static bool LooksLikeDate(string soql, int i)
        => i + 4 < soql.Length && soql[i] is not ('-' or '+')
           && char.IsAsciiDigit(soql[i + 1]) && char.IsAsciiDigit(soql[i + 2]) && char.IsAsciiDigit(soql[i + 3])
           && soql[i + 4] == '-';

    /// <summary>
    /// A date or date-time literal. The lexer takes every character that can belong to one (so a
    /// typo is reported as one bad literal, not as a puzzling next token) and then parses it strictly.
    /// </summary>
    private static SoqlToken ReadDate(string soql, ref int i)
    {
        var start = i;
        while (i < soql.Length && (char.IsAsciiLetterOrDigit(soql[i]) || soql[i] is ':' or '-' or '+' or '.'))
        {
            i++;
        }

        var text = soql[start..i];
        if (text.Length == 10
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new SoqlToken(SoqlTokenKind.Date, text, date, start + 1);
        }

        if (DateTimeOffset.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return new SoqlToken(SoqlTokenKind.DateTime, text, instant, start + 1);
        }

        throw SoqlErrors.Malformed(soql, start + 1, $"invalid date-time literal '{Shorten(text)}' (expected {DateTimeForms})");
    }

    private static SoqlToken ReadNumber(string soql, ref int i)
    {
        var start = i;
        if (soql[i] is '-' or '+')
        {
            i++;
        }

        while (i < soql.Length && (char.IsAsciiDigit(soql[i]) || soql[i] == '.'))
        {
            i++;
        }

        var text = soql[start..i];
        if (i < soql.Length && char.IsAsciiLetter(soql[i]))
        {
            throw SoqlErrors.Malformed(soql, start + 1, $"invalid number '{Shorten(text + soql[i])}...'");
        }

        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            throw SoqlErrors.Malformed(soql, start + 1, $"invalid number '{Shorten(text)}'");
        }

        return new SoqlToken(SoqlTokenKind.Number, text, number, start + 1);
    }

    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString();

    internal static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
