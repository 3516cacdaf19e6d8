using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Query;

/// <summary>
/// Turns a WHERE tree into a predicate over <see cref="ChannelUsage"/>, checking every field and
/// value against <see cref="UsageFields"/> on the way. Semantics (SOQL's, not SQL's):
/// <list type="bullet">
/// <item><c>= null</c> / <c>!= null</c> test for null; <c>!= 'x'</c> also matches nulls (SOQL
/// compares null like any value for = and !=); &lt; &lt;= &gt; &gt;= never match a null field and
/// take no null literal (MALFORMED_QUERY);</item>
/// <item><c>IN</c> may list null; <c>NOT IN</c> is the exact negation of IN (so it matches nulls
/// unless null is listed);</item>
/// <item>a value of the wrong type for the field (a quoted date, a number, TRUE/FALSE, which no
/// field of this object takes) → INVALID_FIELD naming the field;</item>
/// <item>a picklist value that is not in the (restricted) picklist is not an error: like
/// Salesforce, it simply matches no row (and != matches every row);</item>
/// <item>an id literal that is not a valid 15/18-char id → INVALID_FIELD ("invalid ID field");
/// a valid one of another object's prefix matches nothing;</item>
/// <item>&lt; &lt;= &gt; &gt;= on a picklist → INVALID_FIELD: this subset only orders ids and
/// date-times in filters;</item>
/// <item>a plain date (YYYY-MM-DD) on a date-time field means midnight UTC of that day
/// (Salesforce itself rejects it; accepted here for convenience).</item>
/// </list>
/// </summary>
internal sealed class FilterCompiler(string soql)
{
    public Func<ChannelUsage, bool> Compile(SoqlCondition condition) => condition switch
    {
        AndCondition and => All([.. and.Operands.Select(Compile)]),
        OrCondition or => Any([.. or.Operands.Select(Compile)]),
        NotCondition not => Negate(Compile(not.Operand)),
        ComparisonCondition comparison => CompileComparison(comparison),
        InCondition @in => CompileIn(@in),
        _ => throw new InvalidOperationException($"Unknown condition {condition.GetType().Name}."),
    };

    private static Func<ChannelUsage, bool> All(Func<ChannelUsage, bool>[] operands)
        => record => Array.TrueForAll(operands, p => p(record));

    private static Func<ChannelUsage, bool> Any(Func<ChannelUsage, bool>[] operands)
        => record => Array.Exists(operands, p => p(record));

    private static Func<ChannelUsage, bool> Negate(Func<ChannelUsage, bool> operand) => record => !operand(record);

    private Func<ChannelUsage, bool> CompileComparison(ComparisonCondition comparison)
    {
        var field = SoqlBinder.Resolve(comparison.Field);
        RequireFilterable(field);
        var value = Convert(field, comparison.Value);
        var get = field.Get;
        switch (comparison.Operator)
        {
            case ComparisonOperator.Equal:
                return record => FieldValues.AreEqual(field, get(record), value);
            case ComparisonOperator.NotEqual:
                return record => !FieldValues.AreEqual(field, get(record), value);
        }

        if (value is null)
        {
            throw SoqlErrors.Malformed(soql, comparison.Value.Position, "null can only be compared with = or !=; found null");
        }

        if (field.Type == FieldType.Picklist)
        {
            throw SoqlErrors.InvalidField(field.Name,
                $"field '{field.Name}' is a picklist: it can be filtered with =, !=, IN and NOT IN, not with {Symbol(comparison.Operator)}");
        }

        Func<int, bool> accepts = comparison.Operator switch
        {
            ComparisonOperator.Less => c => c < 0,
            ComparisonOperator.LessOrEqual => c => c <= 0,
            ComparisonOperator.Greater => c => c > 0,
            _ => c => c >= 0,
        };
        return record => get(record) is { } actual && accepts(FieldValues.Compare(field, actual, value));
    }

    private Func<ChannelUsage, bool> CompileIn(InCondition @in)
    {
        var field = SoqlBinder.Resolve(@in.Field);
        RequireFilterable(field);
        var values = @in.Values.Select(v => Convert(field, v)).ToImmutableArray();
        var get = field.Get;
        bool Contains(ChannelUsage record)
        {
            var actual = get(record);
            return values.Any(v => FieldValues.AreEqual(field, actual, v));
        }

        return @in.Negated ? record => !Contains(record) : Contains;
    }

    private static void RequireFilterable(UsageField field)
    {
        if (!field.Filterable)
        {
            throw SoqlErrors.InvalidField(field.Name, $"field '{field.Name}' can not be filtered in a query call");
        }
    }

    /// <summary>The literal as a value of the field's type (see the class comment for the rules).</summary>
    private static object? Convert(UsageField field, SoqlLiteral literal)
    {
        if (literal.Kind == SoqlLiteralKind.Null)
        {
            return null;
        }

        switch (field.Type)
        {
            case FieldType.DateTime when literal.Kind == SoqlLiteralKind.DateTime:
                return literal.Value;
            case FieldType.DateTime when literal.Kind == SoqlLiteralKind.Date:
                return new DateTimeOffset(((DateOnly)literal.Value!).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            case FieldType.DateTime:
                throw SoqlErrors.InvalidField(field.Name,
                    $"value of filter criterion for field '{field.Name}' must be of type dateTime and should not be enclosed in quotes; found {Describe(literal)}");
            case FieldType.Picklist when literal.Kind == SoqlLiteralKind.Text:
                var text = (string)literal.Value!;
                var entry = field.PicklistValues.FirstOrDefault(e => string.Equals(e.ApiName, text, StringComparison.OrdinalIgnoreCase));
                return entry?.ApiName ?? text;
            case FieldType.Id or FieldType.Reference when literal.Kind == SoqlLiteralKind.Text:
                var id = (string)literal.Value!;
                return SalesforceId.TryNormalize(id, out var id18, out var error)
                    ? id18
                    : throw SoqlErrors.InvalidField(field.Name,
                        $"invalid ID field: '{SoqlLexer.Shorten(id)}' {SalesforceId.Explain(id, error)} (field '{field.Name}')");
            default:
                throw SoqlErrors.InvalidField(field.Name,
                    $"value of filter criterion for field '{field.Name}' must be a quoted string ({field.Type}); found {Describe(literal)}");
        }
    }

    private static string Describe(SoqlLiteral literal) => literal.Kind switch
    {
        SoqlLiteralKind.Text => $"the string {SoqlLexer.Shorten(literal.Text)} at position {literal.Position}",
        _ => $"the {literal.Kind.ToString().ToLowerInvariant()} {SoqlLexer.Shorten(literal.Text)} at position {literal.Position}",
    };

    private static string Symbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Equal => "=",
        _ => "!=",
    };
}
