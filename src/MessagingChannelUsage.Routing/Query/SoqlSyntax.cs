using System.Collections.Immutable;

namespace MessagingChannelUsage.Routing.Query;

// The syntax tree the parser builds, before any check against the field table. Positions are
// 1-based character offsets into the query text, kept so semantic errors can point somewhere.

/// <summary>A field name as written in the query (not yet resolved against UsageFields).</summary>
public sealed record FieldRef(string Name, int Position);

/// <summary>One entry of the SELECT list.</summary>
public abstract record SelectItem(int Position);

/// <summary>A plain field, optionally aliased (aliases are only allowed in aggregate queries).</summary>
public sealed record FieldSelectItem(FieldRef Field, string? Alias) : SelectItem(Field.Position);

/// <summary><c>COUNT()</c> when <see cref="Field"/> is null, else <c>COUNT(field)</c>; optional alias.</summary>
public sealed record CountSelectItem(FieldRef? Field, string? Alias, int Position) : SelectItem(Position);

/// <summary>A literal value of a WHERE condition.</summary>
public enum SoqlLiteralKind { Null, Text, Number, Boolean, DateTime, Date }

/// <summary>
/// A literal: <see cref="Value"/> is null, a string (unescaped), a decimal, a bool, a
/// <see cref="DateTimeOffset"/> or a <see cref="DateOnly"/> according to <see cref="Kind"/>.
/// </summary>
public sealed record SoqlLiteral(SoqlLiteralKind Kind, object? Value, string Text, int Position);

public enum ComparisonOperator { Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual }

/// <summary>A node of the WHERE clause.</summary>
public abstract record SoqlCondition(int Position);

/// <summary><c>field op value</c>.</summary>
public sealed record ComparisonCondition(FieldRef Field, ComparisonOperator Operator, SoqlLiteral Value)
    : SoqlCondition(Field.Position);

/// <summary><c>field IN (v, ...)</c> or, when <see cref="Negated"/>, <c>field NOT IN (v, ...)</c>.</summary>
public sealed record InCondition(FieldRef Field, bool Negated, ImmutableArray<SoqlLiteral> Values)
    : SoqlCondition(Field.Position);

/// <summary>Every operand must hold (AND chains are flat, so long chains do not nest deeply).</summary>
public sealed record AndCondition(ImmutableArray<SoqlCondition> Operands, int Position) : SoqlCondition(Position);

/// <summary>At least one operand must hold.</summary>
public sealed record OrCondition(ImmutableArray<SoqlCondition> Operands, int Position) : SoqlCondition(Position);

public sealed record NotCondition(SoqlCondition Operand, int Position) : SoqlCondition(Position);

/// <summary>
/// One ORDER BY key: a field, or (aggregate queries only) a COUNT expression. Null
/// <see cref="NullsFirst"/> means the Salesforce default: first for ASC, last for DESC.
/// </summary>
public sealed record OrderByItem(FieldRef? Field, CountSelectItem? Count, bool Descending, bool? NullsFirst, int Position);

/// <summary>The whole query as written.</summary>
public sealed record SoqlSyntax(
    ImmutableArray<SelectItem> Select,
    FieldRef From,
    SoqlCondition? Where,
    ImmutableArray<FieldRef> GroupBy,
    ImmutableArray<OrderByItem> OrderBy,
    int? Limit,
    int? Offset);
