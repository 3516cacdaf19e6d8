using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Metadata;

/// <summary>Salesforce field types used by MessagingChannelUsage.</summary>
public enum FieldType { Id, Picklist, DateTime, Reference }

/// <summary>
/// One field of MessagingChannelUsage with the seven properties of the seed. This table
/// (<see cref="UsageFields"/>) drives record validation, describe and query together.
/// </summary>
public sealed record UsageField
{
    /// <summary>Salesforce API name, e.g. "DeploymentStatus".</summary>
    public required string Name { get; init; }
    public required string Label { get; init; }
    /// <summary>The proto field name, e.g. "deployment_status" (field masks accept either).</summary>
    public required string ProtoName { get; init; }
    public required FieldType Type { get; init; }
    public bool Createable { get; init; }
    public bool Updateable { get; init; }
    public bool Filterable { get; init; }
    public bool Groupable { get; init; }
    public bool Sortable { get; init; }
    public bool Nillable { get; init; }
    public bool RestrictedPicklist { get; init; }
    public ImmutableArray<PicklistEntry> PicklistValues { get; init; } = [];
    public string? ReferenceTo { get; init; }
    public string? RelationshipName { get; init; }

    /// <summary>
    /// The field's value on a record: picklists as their API name (string), ids and references as
    /// 18-char strings, date-times as <see cref="DateTimeOffset"/>; null for a null value.
    /// </summary>
    public required Func<ChannelUsage, object?> Get { get; init; }
}
