using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Usages;

/// <summary>
/// describeSObjects() of MessagingChannelUsage, built once from the field table
/// (<see cref="UsageFields"/>) that also drives validation and query, so the three never disagree.
/// </summary>
internal static class DescribeMapping
{
    private static readonly DescribeSObjectResponse Usage = Build();

    /// <summary>A copy of the describe of <paramref name="objectName"/> (callers may not mutate the cached one).</summary>
    public static DescribeSObjectResponse ToProto(string objectName)
        => objectName == UsageFields.ObjectName
            ? Usage.Clone()
            : throw new ArgumentOutOfRangeException(nameof(objectName), objectName, "Only MessagingChannelUsage is described.");

    /// <summary>Salesforce's describe type names: id, picklist, datetime, reference.</summary>
    public static string TypeName(FieldType type) => type switch
    {
        FieldType.Id => "id",
        FieldType.Picklist => "picklist",
        FieldType.DateTime => "datetime",
        FieldType.Reference => "reference",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown field type."),
    };

    private static DescribeSObjectResponse Build()
    {
        var response = new DescribeSObjectResponse
        {
            Name = UsageFields.ObjectName,
            Label = UsageFields.ObjectLabel,
            LabelPlural = UsageFields.ObjectLabelPlural,
            KeyPrefix = KeyPrefixes.MessagingChannelUsage,
        };
        response.SupportedCalls.AddRange(UsageFields.SupportedCalls);
        foreach (var field in UsageFields.All)
        {
            response.Fields.Add(ToDescribe(field));
        }

        return response;
    }

    private static FieldDescribe ToDescribe(UsageField field)
    {
        var describe = new FieldDescribe
        {
            Name = field.Name,
            Label = field.Label,
            Type = TypeName(field.Type),
            Createable = field.Createable,
            Updateable = field.Updateable,
            Filterable = field.Filterable,
            Groupable = field.Groupable,
            Sortable = field.Sortable,
            Nillable = field.Nillable,
            RestrictedPicklist = field.RestrictedPicklist,
            RelationshipName = field.RelationshipName ?? string.Empty,
        };
        foreach (var entry in field.PicklistValues)
        {
            describe.PicklistValues.Add(new PicklistValue { Value = entry.ApiName, Label = entry.Label });
        }

        if (field.ReferenceTo is { } target)
        {
            describe.ReferenceTo.Add(target);
        }

        return describe;
    }
}
