namespace MessagingChannelUsage.Routing.Query;

/// <summary>The kinds of token the SOQL lexer produces.</summary>
internal enum SoqlTokenKind
{
    /// <summary>A name: keyword, field, object or alias (keywords are recognised by the parser).</summary>
    Identifier,
    /// <summary>A quoted string; <see cref="SoqlToken.Value"/> holds the unescaped text.</summary>
    StringLiteral,
    /// <summary>A number (digits, optional sign and fraction); <see cref="SoqlToken.Value"/> is a decimal.</summary>
    Number,
    /// <summary>A date-time literal; <see cref="SoqlToken.Value"/> is a <see cref="DateTimeOffset"/>.</summary>
    DateTime,
    /// <summary>A plain date literal (YYYY-MM-DD); <see cref="SoqlToken.Value"/> is a <see cref="DateOnly"/>.</summary>
    Date,
    Comma,
    OpenParen,
    CloseParen,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    End,
}

/// <summary>
/// One token: its kind, the text as written, the parsed value of literals, and its 1-based
/// position (character offset) in the query, which every syntax error reports.
/// </summary>
internal readonly record struct SoqlToken(SoqlTokenKind Kind, string Text, object? Value, int Position)
{
    /// <summary>True when this is an identifier spelled <paramref name="keyword"/> (case-insensitive, as SOQL).</summary>
    public bool Is(string keyword) => Kind == SoqlTokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind == SoqlTokenKind.End ? "end of query" : $"token '{Text}'";
}
