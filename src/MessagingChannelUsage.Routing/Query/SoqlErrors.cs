using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Routing.Query;

/// <summary>
/// The exceptions of the query subset, built in one place so every message has the same shape:
/// syntax errors say "at position N" (1-based character offset) and, when the query spans
/// several lines, the line and column too.
/// </summary>
internal static class SoqlErrors
{
    /// <summary>MALFORMED_QUERY; <paramref name="message"/> is completed with "at position N".</summary>
    public static DomainException Malformed(string soql, int position, string message)
        => new(ErrorKind.InvalidArgument, ErrorCodes.MalformedQuery, null, $"{message} at position {position}{LineAndColumn(soql, position)}");

    /// <summary>e.g. "unexpected token 'FORM' at position 17, expected FROM".</summary>
    public static DomainException Unexpected(string soql, SoqlToken token, string expected)
        => new(ErrorKind.InvalidArgument, ErrorCodes.MalformedQuery, null,
            $"unexpected {token.Describe()} at position {token.Position}{LineAndColumn(soql, token.Position)}, expected {expected}");

    public static DomainException InvalidField(string field, string message)
        => new(ErrorKind.InvalidArgument, ErrorCodes.InvalidField, field, message);

    /// <summary>" (line 2, column 5)" for multi-line queries; empty for one line (the position says it all).</summary>
    private static string LineAndColumn(string soql, int position)
    {
        if (!soql.Contains('\n', StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var index = Math.Clamp(position - 1, 0, soql.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (soql[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return $" (line {line}, column {index - lineStart + 1})";
    }
}
