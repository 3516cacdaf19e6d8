using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Metadata;

namespace MessagingChannelUsage.Gateway.SalesforceRest;

/// <summary>describeGlobal and describeSObjects, built from the one field table (<see cref="UsageFields"/>).</summary>
internal static class DescribeShapes
{
    public static DescribeGlobalResult Global(string version) => new("UTF-8", 200, [Summary(version)]);

    public static SObjectDescribe Describe(string version)
    {
        var head = Summary(version);
        return new SObjectDescribe
        {
            Name = head.Name, Label = head.Label, LabelPlural = head.LabelPlural, KeyPrefix = head.KeyPrefix,
            Createable = head.Createable, Updateable = head.Updateable, Deletable = head.Deletable,
            Queryable = head.Queryable, Retrieveable = head.Retrieveable, Searchable = head.Searchable,
            Custom = head.Custom, Urls = head.Urls,
            Fields = [.. UsageFields.All.Select(Field)],
        };
    }

    private static SObjectSummary Summary(string version)
    {
        var objectUrl = ApiVersions.Base(version) + "/sobjects/" + UsageFields.ObjectName;
        return new SObjectSummary
        {
            Name = UsageFields.ObjectName,
            Label = UsageFields.ObjectLabel,
            LabelPlural = UsageFields.ObjectLabelPlural,
            KeyPrefix = KeyPrefixes.MessagingChannelUsage,
            Createable = UsageFields.SupportedCalls.Contains("create"),
            Updateable = UsageFields.SupportedCalls.Contains("update"),
            Deletable = false,
            Queryable = UsageFields.SupportedCalls.Contains("query"),
            Retrieveable = UsageFields.SupportedCalls.Contains("retrieve"),
            Urls = new Dictionary<string, string>
            {
                ["sobject"] = objectUrl,
                ["describe"] = objectUrl + "/describe",
                ["rowTemplate"] = objectUrl + "/{ID}",
            },
        };
    }

    private static FieldDescribe Field(UsageField field) => new()
    {
        Name = field.Name,
        Label = field.Label,
        Type = field.Type switch
        {
            FieldType.Id => "id",
            FieldType.Picklist => "picklist",
            FieldType.DateTime => "datetime",
            _ => "reference",
        },
        SoapType = field.Type switch
        {
            FieldType.Id or FieldType.Reference => "tns:ID",
            FieldType.DateTime => "xsd:dateTime",
            _ => "xsd:string",
        },
        Length = field.Type switch
        {
            FieldType.Id or FieldType.Reference => 18,
            FieldType.Picklist => 255,
            _ => 0,
        },
        Createable = field.Createable,
        Updateable = field.Updateable,
        Filterable = field.Filterable,
        Groupable = field.Groupable,
        Sortable = field.Sortable,
        Nillable = field.Nillable,
        RestrictedPicklist = field.RestrictedPicklist,
        // Set by the system, or (DeploymentStatus) defaulted to New when not given.
        DefaultedOnCreate = !field.Createable || field == UsageFields.DeploymentStatus,
        PicklistValues = [.. field.PicklistValues.Select(p => new PicklistValue(
            Active: true,
            DefaultValue: field == UsageFields.DeploymentStatus && p.ApiName == "New",
            Label: p.Label,
            ValidFor: null,
            Value: p.ApiName))],
        ReferenceTo = field.ReferenceTo is { } target ? [target] : [],
        RelationshipName = field.RelationshipName,
    };
}
