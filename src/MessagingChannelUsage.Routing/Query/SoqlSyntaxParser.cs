using System.Collections.Immutable;

namespace MessagingChannelUsage.Routing.Query;

/// <summary>
/// Recursive-descent parser of the SOQL subset (domain.md §7) into <see cref="SoqlSyntax"/>:
/// <code>
/// query     := SELECT select (',' select)* FROM name [WHERE or] [GROUP BY field (',' field)*]
///              [ORDER BY order (',' order)*] [LIMIT int] [OFFSET int] end
/// select    := COUNT '(' [field] ')' [alias] | field [alias]
/// or        := and (OR and)*          -- precedence NOT &gt; AND &gt; OR. Salesforce insists on
/// and       := not (AND not)*         -- parentheses when AND and OR mix; we accept the usual
/// not       := NOT not | primary      -- precedence instead, a superset.
/// primary   := '(' or ')' | field op value | field [NOT] IN '(' value (',' value)* ')'
/// order     := (field | COUNT '(' [field] ')') [ASC | DESC] [NULLS (FIRST | LAST)]
/// value     := string | number | date | date-time | NULL | TRUE | FALSE
/// </code>
/// Nesting (parentheses and NOT) is capped at <see cref="MaxNesting"/> so hostile input cannot
/// exhaust the stack.
/// </summary>
internal sealed class SoqlSyntaxParser
{
    public const int MaxNesting = 64;

    private static readonly string[] Reserved =
    [
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "GROUP", "BY", "ORDER", "ASC", "DESC",
        "NULLS", "FIRST", "LAST", "LIMIT", "OFFSET", "NULL", "TRUE", "FALSE", "COUNT", "HAVING", "WITH", "LIKE",
    ];

    private readonly string soql;
    private readonly SoqlLexer lexer;
    private readonly List<SoqlToken> tokens = [];
    private int next;
    private int depth;

    private SoqlSyntaxParser(string soql)
    {
        this.soql = soql;
        lexer = new SoqlLexer(soql);
    }

    public static SoqlSyntax Parse(string soql) => new SoqlSyntaxParser(soql).ParseQuery();

    private SoqlToken Current => Token(next);

    private SoqlSyntax ParseQuery()
    {
        Expect("SELECT");
        var select = ImmutableArray.CreateBuilder<SelectItem>();
        do
        {
            select.Add(ParseSelectItem());
        }
        while (Accept(SoqlTokenKind.Comma));

        Expect("FROM");
        var from = ParseName("an object name");

        SoqlCondition? where = null;
        if (Accept("WHERE"))
        {
            where = ParseOr();
        }

        var groupBy = ImmutableArray<FieldRef>.Empty;
        if (Accept("GROUP"))
        {
            Expect("BY");
            var fields = ImmutableArray.CreateBuilder<FieldRef>();
            do
            {
                fields.Add(ParseName("a field name"));
            }
            while (Accept(SoqlTokenKind.Comma));
            groupBy = fields.ToImmutable();
        }

        var orderBy = ImmutableArray<OrderByItem>.Empty;
        if (Accept("ORDER"))
        {
            Expect("BY");
            var items = ImmutableArray.CreateBuilder<OrderByItem>();
            do
            {
                items.Add(ParseOrderItem());
            }
            while (Accept(SoqlTokenKind.Comma));
            orderBy = items.ToImmutable();
        }

        int? limit = Accept("LIMIT") ? ParseCount("LIMIT") : null;
        int? offset = Accept("OFFSET") ? ParseCount("OFFSET") : null;
        if (Current.Kind != SoqlTokenKind.End)
        {
            throw SoqlErrors.Unexpected(this.soql, Current, ExpectedAfterQuery(where, groupBy, orderBy, limit, offset));
        }

        return new SoqlSyntax(select.ToImmutable(), from, where, groupBy, orderBy, limit, offset);
    }

    /// <summary>What could still follow, for the "trailing garbage" message.</summary>
    private static string ExpectedAfterQuery(SoqlCondition? where, ImmutableArray<FieldRef> groupBy, ImmutableArray<OrderByItem> orderBy, int? limit, int? offset)
    {
        var options = new List<string>();
        if (offset is null)
        {
            if (limit is null)
            {
                if (!orderBy.IsEmpty || !groupBy.IsEmpty)
                {
                    options.Add("','");
                }

                if (orderBy.IsEmpty)
                {
                    if (groupBy.IsEmpty)
                    {
                        options.Add(where is null ? "WHERE" : "AND, OR");
                        options.Add("GROUP BY");
                    }

                    options.Add("ORDER BY");
                }

                options.Add("LIMIT");
            }

            options.Add("OFFSET");
        }

        options.Add("end of query");
        return string.Join(", ", options);
    }

    private SelectItem ParseSelectItem()
    {
        if (Current.Is("COUNT") && Peek(1).Kind == SoqlTokenKind.OpenParen)
        {
            var count = ParseCount();
            SelectItem aliased = count with { Alias = ParseOptionalAlias() };
            return aliased;
        }

        var field = ParseName("a field name or COUNT()");
        return new FieldSelectItem(field, ParseOptionalAlias());
    }

    private CountSelectItem ParseCount()
    {
        var position = Current.Position;
        next++;
        Expect(SoqlTokenKind.OpenParen, "'('");
        FieldRef? field = null;
        if (!Accept(SoqlTokenKind.CloseParen))
        {
            field = ParseName("a field name or ')'");
            Expect(SoqlTokenKind.CloseParen, "')'");
        }

        return new CountSelectItem(field, null, position);
    }

    /// <summary>
    /// An alias is a plain name followed by ',' or FROM; anything else is left for the caller, so
    /// "SELECT Id FORM x" reports 'FORM' (expected FROM) rather than taking FORM for an alias.
    /// </summary>
    private string? ParseOptionalAlias()
        => Current.Kind == SoqlTokenKind.Identifier && !IsReserved(Current)
           && (Peek(1).Kind == SoqlTokenKind.Comma || Peek(1).Is("FROM"))
            ? Token(next++).Text
            : null;

    private OrderByItem ParseOrderItem()
    {
        var position = Current.Position;
        FieldRef? field = null;
        CountSelectItem? count = null;
        if (Current.Is("COUNT") && Peek(1).Kind == SoqlTokenKind.OpenParen)
        {
            count = ParseCount();
        }
        else
        {
            field = ParseName("a field name");
        }

        var descending = false;
        if (Accept("DESC"))
        {
            descending = true;
        }
        else
        {
            _ = Accept("ASC");
        }

        bool? nullsFirst = null;
        if (Accept("NULLS"))
        {
            if (Accept("FIRST"))
            {
                nullsFirst = true;
            }
            else
            {
                Expect("LAST", "FIRST or LAST");
                nullsFirst = false;
            }
        }

        return new OrderByItem(field, count, descending, nullsFirst, position);
    }

    private SoqlCondition ParseOr()
    {
        var position = Current.Position;
        var first = ParseAnd();
        if (!Current.Is("OR"))
        {
            return first;
        }

        var operands = ImmutableArray.CreateBuilder<SoqlCondition>();
        operands.Add(first);
        while (Accept("OR"))
        {
            operands.Add(ParseAnd());
        }

        return new OrCondition(operands.ToImmutable(), position);
    }

    private SoqlCondition ParseAnd()
    {
        var position = Current.Position;
        var first = ParseNot();
        if (!Current.Is("AND"))
        {
            return first;
        }

        var operands = ImmutableArray.CreateBuilder<SoqlCondition>();
        operands.Add(first);
        while (Accept("AND"))
        {
            operands.Add(ParseNot());
        }

        return new AndCondition(operands.ToImmutable(), position);
    }

    private SoqlCondition ParseNot()
    {
        var position = Current.Position;
        if (Current.Is("NOT") || Current.Kind == SoqlTokenKind.OpenParen)
        {
            if (++depth > MaxNesting)
            {
                throw SoqlErrors.Malformed(this.soql, position, $"conditions are nested more than {MaxNesting} levels deep");
            }

            SoqlCondition result;
            if (Accept("NOT"))
            {
                result = new NotCondition(ParseNot(), position);
            }
            else
            {
                next++;
                result = ParseOr();
                Expect(SoqlTokenKind.CloseParen, "')', AND or OR");
            }

            depth--;
            return result;
        }

        return ParseSimpleCondition();
    }

    private SoqlCondition ParseSimpleCondition()
    {
        var field = ParseName("a field name, NOT or '('");
        var negated = false;
        if (Current.Is("NOT") && Peek(1).Is("IN"))
        {
            next++;
            negated = true;
        }

        if (Accept("IN"))
        {
            Expect(SoqlTokenKind.OpenParen, "'(' after IN");
            var values = ImmutableArray.CreateBuilder<SoqlLiteral>();
            do
            {
                values.Add(ParseLiteral());
            }
            while (Accept(SoqlTokenKind.Comma));
            Expect(SoqlTokenKind.CloseParen, "',' or ')'");
            return new InCondition(field, negated, values.ToImmutable());
        }

        ComparisonOperator? op = Current.Kind switch
        {
            SoqlTokenKind.Equal => ComparisonOperator.Equal,
            SoqlTokenKind.NotEqual => ComparisonOperator.NotEqual,
            SoqlTokenKind.Less => ComparisonOperator.Less,
            SoqlTokenKind.LessOrEqual => ComparisonOperator.LessOrEqual,
            SoqlTokenKind.Greater => ComparisonOperator.Greater,
            SoqlTokenKind.GreaterOrEqual => ComparisonOperator.GreaterOrEqual,
            _ => null,
        };
        if (op is null)
        {
            throw SoqlErrors.Unexpected(this.soql, Current, "a comparison operator (= != <> < <= > >=), IN or NOT IN");
        }

        next++;
        return new ComparisonCondition(field, op.Value, ParseLiteral());
    }

    private SoqlLiteral ParseLiteral()
    {
        var token = Current;
        SoqlLiteral? literal = token.Kind switch
        {
            SoqlTokenKind.StringLiteral => new(SoqlLiteralKind.Text, token.Value, token.Text, token.Position),
            SoqlTokenKind.Number => new(SoqlLiteralKind.Number, token.Value, token.Text, token.Position),
            SoqlTokenKind.DateTime => new(SoqlLiteralKind.DateTime, token.Value, token.Text, token.Position),
            SoqlTokenKind.Date => new(SoqlLiteralKind.Date, token.Value, token.Text, token.Position),
            SoqlTokenKind.Identifier when token.Is("NULL") => new(SoqlLiteralKind.Null, null, token.Text, token.Position),
            SoqlTokenKind.Identifier when token.Is("TRUE") => new(SoqlLiteralKind.Boolean, true, token.Text, token.Position),
            SoqlTokenKind.Identifier when token.Is("FALSE") => new(SoqlLiteralKind.Boolean, false, token.Text, token.Position),
            _ => null,
        };
        if (literal is null)
        {
            throw SoqlErrors.Unexpected(this.soql, token, "a value (a 'string', a date-time, null, TRUE or FALSE)");
        }

        next++;
        return literal;
    }

    private int ParseCount(string clause)
    {
        var token = Current;
        if (token.Kind != SoqlTokenKind.Number)
        {
            throw SoqlErrors.Unexpected(this.soql, token, $"a non-negative integer after {clause}");
        }

        var value = (decimal)token.Value!;
        if (value < 0 || value != decimal.Truncate(value) || token.Text.Contains('.', StringComparison.Ordinal))
        {
            throw SoqlErrors.Malformed(this.soql, token.Position, $"{clause} must be a non-negative integer, not '{token.Text}',");
        }

        if (value > int.MaxValue)
        {
            throw SoqlErrors.Malformed(this.soql, token.Position, $"{clause} {token.Text} is larger than {int.MaxValue}");
        }

        next++;
        return (int)value;
    }

    private FieldRef ParseName(string expected)
    {
        var token = Current;
        if (token.Kind != SoqlTokenKind.Identifier || IsReserved(token))
        {
            throw SoqlErrors.Unexpected(this.soql, token, expected);
        }

        next++;
        return new FieldRef(token.Text, token.Position);
    }

    private SoqlToken Peek(int ahead) => Token(next + ahead);

    /// <summary>The token at <paramref name="index"/>, lexing up to it on demand (End past the end).</summary>
    private SoqlToken Token(int index)
    {
        while (tokens.Count <= index)
        {
            if (tokens.Count > 0 && tokens[^1].Kind == SoqlTokenKind.End)
            {
                return tokens[^1];
            }

            tokens.Add(lexer.Next());
        }

        return tokens[index];
    }

    private bool Accept(string keyword)
    {
        if (!Current.Is(keyword))
        {
            return false;
        }

        next++;
        return true;
    }

    private bool Accept(SoqlTokenKind kind)
    {
        if (Current.Kind != kind)
        {
            return false;
        }

        next++;
        return true;
    }

    private void Expect(string keyword, string? expected = null)
    {
        if (!Accept(keyword))
        {
            throw SoqlErrors.Unexpected(this.soql, Current, expected ?? keyword);
        }
    }

    private void Expect(SoqlTokenKind kind, string expected)
    {
        if (!Accept(kind))
        {
            throw SoqlErrors.Unexpected(this.soql, Current, expected);
        }
    }

    private static bool IsReserved(SoqlToken token)
        => Array.Exists(Reserved, k => token.Is(k));
}
