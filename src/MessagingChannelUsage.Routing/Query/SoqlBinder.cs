using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Metadata;

namespace MessagingChannelUsage.Routing.Query;

/// <summary>
/// Checks a <see cref="SoqlSyntax"/> against <see cref="UsageFields"/> (the one field table) and
/// builds the runnable <see cref="SoqlQuery"/>. The rules, Salesforce's where it has one:
/// <list type="bullet">
/// <item>FROM anything but MessagingChannelUsage → INVALID_TYPE;</item>
/// <item>an unknown field → INVALID_FIELD (field = the name as written); field names are
/// case-insensitive and may be qualified ("MessagingChannelUsage.Id"); relationship paths
/// ("MessagingChannel.DeveloperName") and the proto names (deployment_status) are not fields
/// in SOQL → INVALID_FIELD;</item>
/// <item>WHERE on a non-filterable, GROUP BY on a non-groupable (DisabledTime and the three system
/// dates), ORDER BY on a non-sortable field → INVALID_FIELD;</item>
/// <item>COUNT() must stand alone in SELECT, without GROUP BY or ORDER BY → MALFORMED_QUERY;</item>
/// <item>in an aggregate query (COUNT(field) or GROUP BY), every selected or ordered plain field
/// must be grouped → MALFORMED_QUERY ("must be grouped or aggregated");</item>
/// <item>aliases only in aggregate queries; a field selected twice or two columns of the same
/// name → MALFORMED_QUERY.</item>
/// </list>
/// </summary>
internal static class SoqlBinder
{
    public static SoqlQuery Bind(string soql, SoqlSyntax syntax)
    {
        if (!string.Equals(syntax.From.Name, UsageFields.ObjectName, StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.InvalidType, null,
                $"sObject type '{SoqlLexer.Shorten(syntax.From.Name)}' is not supported (at position {syntax.From.Position}); only {UsageFields.ObjectName} can be queried");
        }

        var countOnly = syntax.Select.OfType<CountSelectItem>().FirstOrDefault(c => c.Field is null);
        var groupBy = BindGroupBy(syntax.GroupBy);
        var aggregate = !groupBy.IsEmpty || syntax.Select.Any(s => s is CountSelectItem { Field: not null });
        var filter = syntax.Where is null ? static _ => true : new FilterCompiler(soql).Compile(syntax.Where);

        if (countOnly is not null)
        {
            if (syntax.Select.Length > 1 || !groupBy.IsEmpty || !syntax.OrderBy.IsEmpty)
            {
                throw SoqlErrors.Malformed(soql, countOnly.Position,
                    "COUNT() must be the only item of SELECT and cannot be used with GROUP BY or ORDER BY; use COUNT(field)");
            }

            if (countOnly.Alias is not null)
            {
                throw SoqlErrors.Malformed(soql, countOnly.Position, "COUNT() cannot have an alias");
            }

            return new SoqlQuery(soql, syntax, QueryShape.CountOnly, [], filter, [], []);
        }

        var columns = aggregate ? BindAggregateColumns(soql, syntax, groupBy) : BindRecordColumns(soql, syntax);
        var orderBy = BindOrderBy(soql, syntax.OrderBy, aggregate, groupBy);
        return new SoqlQuery(soql, syntax, aggregate ? QueryShape.Aggregate : QueryShape.Records, columns, filter, groupBy, orderBy);
    }

    /// <summary>Finds a field of the table by its SOQL name (see the class comment).</summary>
    public static UsageField Resolve(FieldRef reference)
    {
        var name = reference.Name;
        const string qualifier = UsageFields.ObjectName + ".";
        if (name.StartsWith(qualifier, StringComparison.OrdinalIgnoreCase))
        {
            name = name[qualifier.Length..];
        }

        if (name.Contains('.', StringComparison.Ordinal))
        {
            throw SoqlErrors.InvalidField(reference.Name,
                $"relationship fields such as '{SoqlLexer.Shorten(reference.Name)}' (position {reference.Position}) are not supported; select MessagingChannelId instead");
        }

        if (UsageFields.TryFind(name, out var field) && string.Equals(field.Name, name, StringComparison.OrdinalIgnoreCase))
        {
            return field;
        }

        var hint = field is null ? string.Empty : $" (did you mean {field.Name}?)";
        throw SoqlErrors.InvalidField(reference.Name,
            $"No such column '{SoqlLexer.Shorten(reference.Name)}' on entity '{UsageFields.ObjectName}' at position {reference.Position}{hint}");
    }

    private static ImmutableArray<UsageField> BindGroupBy(ImmutableArray<FieldRef> references)
    {
        var fields = ImmutableArray.CreateBuilder<UsageField>();
        foreach (var reference in references)
        {
            var field = Resolve(reference);
            if (!field.Groupable)
            {
                throw SoqlErrors.InvalidField(field.Name, $"field '{field.Name}' can not be grouped in a query call");
            }

            if (!fields.Contains(field))
            {
                fields.Add(field);
            }
        }

        return fields.ToImmutable();
    }

    private static ImmutableArray<QueryColumn> BindRecordColumns(string soql, SoqlSyntax syntax)
    {
        var columns = ImmutableArray.CreateBuilder<QueryColumn>();
        foreach (var item in syntax.Select.Cast<FieldSelectItem>())
        {
            var field = Resolve(item.Field);
            if (item.Alias is not null)
            {
                throw SoqlErrors.Malformed(soql, item.Position, $"alias '{item.Alias}' is only allowed in aggregate queries (GROUP BY or COUNT(field)), found");
            }

            if (columns.Any(c => c.Field == field))
            {
                throw SoqlErrors.Malformed(soql, item.Position, $"duplicate field selected: {field.Name}");
            }

            columns.Add(new QueryColumn(field.Name, field, Count: false));
        }

        return columns.ToImmutable();
    }

    private static ImmutableArray<QueryColumn> BindAggregateColumns(string soql, SoqlSyntax syntax, ImmutableArray<UsageField> groupBy)
    {
        var columns = ImmutableArray.CreateBuilder<QueryColumn>();
        var unnamed = 0;
        foreach (var item in syntax.Select)
        {
            QueryColumn column;
            if (item is CountSelectItem count)
            {
                var field = Resolve(count.Field!);
                column = new QueryColumn(count.Alias ?? $"expr{unnamed++}", field, Count: true);
            }
            else
            {
                var plain = (FieldSelectItem)item;
                var field = Resolve(plain.Field);
                if (!groupBy.Contains(field))
                {
                    throw SoqlErrors.Malformed(soql, item.Position, $"field '{field.Name}' must be grouped or aggregated; found");
                }

                column = new QueryColumn(plain.Alias ?? field.Name, field, Count: false);
            }

            if (columns.Any(c => string.Equals(c.Name, column.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw SoqlErrors.Malformed(soql, item.Position, $"duplicate column name '{column.Name}'");
            }

            columns.Add(column);
        }

        return columns.ToImmutable();
    }

    private static ImmutableArray<SortKey> BindOrderBy(string soql, ImmutableArray<OrderByItem> items, bool aggregate, ImmutableArray<UsageField> groupBy)
    {
        var keys = ImmutableArray.CreateBuilder<SortKey>();
        foreach (var item in items)
        {
            // Salesforce default: ASC puts nulls first, DESC puts them last.
            var nullsFirst = item.NullsFirst ?? !item.Descending;
            if (item.Count is { } count)
            {
                if (!aggregate)
                {
                    throw SoqlErrors.Malformed(soql, item.Position, "ORDER BY COUNT(...) needs an aggregate query (GROUP BY); found");
                }

                keys.Add(new SortKey(count.Field is null ? null : Resolve(count.Field), Count: true, item.Descending, nullsFirst));
                continue;
            }

            var field = Resolve(item.Field!);
            if (!field.Sortable)
            {
                throw SoqlErrors.InvalidField(field.Name, $"field '{field.Name}' can not be sorted in a query call");
            }

            if (aggregate && !groupBy.Contains(field))
            {
                throw SoqlErrors.Malformed(soql, item.Position, $"ordered field '{field.Name}' must be grouped or aggregated; found");
            }

            keys.Add(new SortKey(field, Count: false, item.Descending, nullsFirst));
        }

        return keys.ToImmutable();
    }
}
