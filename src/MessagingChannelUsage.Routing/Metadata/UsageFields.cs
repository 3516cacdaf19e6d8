using System.Collections.Frozen;
using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Metadata;

/// <summary>The one field table of MessagingChannelUsage (domain.md §1, the seed's "Fields").</summary>
public static class UsageFields
{
    public const string ObjectName = "MessagingChannelUsage";
    public const string ObjectLabel = "Messaging Channel Usage";
    public const string ObjectLabelPlural = "Messaging Channel Usages";

    /// <summary>The seed's supported calls; there is no delete.</summary>
    public static readonly ImmutableArray<string> SupportedCalls =
        ["create", "describeSObjects", "query", "retrieve", "update", "upsert"];

    public static readonly UsageField Id = new()
    {
        Name = "Id", Label = "Messaging Channel Usage ID", ProtoName = "id", Type = FieldType.Id,
        Filterable = true, Groupable = true, Sortable = true, Get = u => u.Id,
    };

    public static readonly UsageField ConsentType = new()
    {
        Name = "ConsentType", Label = "Consent Type", ProtoName = "consent_type", Type = FieldType.Picklist,
        Createable = true, Updateable = true, Filterable = true, Groupable = true, Sortable = true, Nillable = true,
        RestrictedPicklist = true, PicklistValues = Picklists.ConsentType,
        Get = u => u.ConsentType is { } v ? Picklists.ApiName(v) : null,
    };

    public static readonly UsageField DeploymentStatus = new()
    {
        Name = "DeploymentStatus", Label = "Deployment Status", ProtoName = "deployment_status", Type = FieldType.Picklist,
        Createable = true, Updateable = true, Filterable = true, Groupable = true, Sortable = true,
        RestrictedPicklist = true, PicklistValues = Picklists.DeploymentStatus,
        Get = u => Picklists.ApiName(u.DeploymentStatus),
    };

    public static readonly UsageField DeploymentType = new()
    {
        Name = "DeploymentType", Label = "Deployment Type", ProtoName = "deployment_type", Type = FieldType.Picklist,
        Createable = true, Filterable = true, Groupable = true, Sortable = true,
        RestrictedPicklist = true, PicklistValues = Picklists.DeploymentType,
        Get = u => Picklists.ApiName(u.DeploymentType),
    };

    public static readonly UsageField DisabledTime = new()
    {
        Name = "DisabledTime", Label = "Disabled Time", ProtoName = "disabled_time", Type = FieldType.DateTime,
        Filterable = true, Sortable = true, Nillable = true,
        Get = u => u.DisabledTime,
    };

    public static readonly UsageField ErrorReason = new()
    {
        Name = "ErrorReason", Label = "Error Reason", ProtoName = "error_reason", Type = FieldType.Picklist,
        Createable = true, Updateable = true, Filterable = true, Groupable = true, Sortable = true, Nillable = true,
        RestrictedPicklist = true, PicklistValues = Picklists.ErrorReason,
        Get = u => u.ErrorReason is { } v ? Picklists.ApiName(v) : null,
    };

    public static readonly UsageField MessagingChannelId = new()
    {
        Name = "MessagingChannelId", Label = "Messaging Channel ID", ProtoName = "messaging_channel_id", Type = FieldType.Reference,
        Createable = true, Filterable = true, Groupable = true, Sortable = true,
        ReferenceTo = "MessagingChannel", RelationshipName = "MessagingChannel",
        Get = u => u.MessagingChannelId,
    };

    public static readonly UsageField RoutingOverride = new()
    {
        Name = "RoutingOverride", Label = "Routing Override", ProtoName = "routing_override", Type = FieldType.Picklist,
        Createable = true, Updateable = true, Filterable = true, Groupable = true, Sortable = true, Nillable = true,
        RestrictedPicklist = true, PicklistValues = Picklists.RoutingOverride,
        Get = u => u.RoutingOverride is { } v ? Picklists.ApiName(v) : null,
    };

    public static readonly UsageField CreatedDate = SystemDate("CreatedDate", "Created Date", "created_date", u => u.CreatedDate);
    public static readonly UsageField LastModifiedDate = SystemDate("LastModifiedDate", "Last Modified Date", "last_modified_date", u => u.LastModifiedDate);
    public static readonly UsageField SystemModstamp = SystemDate("SystemModstamp", "System Modstamp", "system_modstamp", u => u.SystemModstamp);

    /// <summary>Every field, in describe order.</summary>
    public static readonly ImmutableArray<UsageField> All =
    [
        Id, ConsentType, DeploymentStatus, DeploymentType, DisabledTime, ErrorReason, MessagingChannelId,
        RoutingOverride, CreatedDate, LastModifiedDate, SystemModstamp,
    ];

    private static readonly FrozenDictionary<string, UsageField> ByName =
        All.SelectMany(f => new[] { (f.Name, f), (f.ProtoName, f) })
           .DistinctBy(p => p.Item1, StringComparer.OrdinalIgnoreCase)
           .ToFrozenDictionary(p => p.Item1, p => p.f, StringComparer.OrdinalIgnoreCase);

    /// <summary>Finds a field by Salesforce API name or proto name, case-insensitively (as SOQL does).</summary>
    public static bool TryFind(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out UsageField? field)
        => ByName.TryGetValue(name, out field);

    private static UsageField SystemDate(string name, string label, string protoName, Func<ChannelUsage, DateTimeOffset> get) => new()
    {
        Name = name, Label = label, ProtoName = protoName, Type = FieldType.DateTime,
        Filterable = true, Sortable = true, Get = u => get(u),
    };
}
