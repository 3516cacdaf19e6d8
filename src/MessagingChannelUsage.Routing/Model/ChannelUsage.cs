namespace MessagingChannelUsage.Routing.Model;

/// <summary>A MessagingChannelUsage record (the seed's object). Immutable.</summary>
public sealed record ChannelUsage
{
    public required string Id { get; init; }
    public required string MessagingChannelId { get; init; }
    public required DeploymentType DeploymentType { get; init; }
    public required DeploymentStatus DeploymentStatus { get; init; }
    public ConsentType? ConsentType { get; init; }
    public ErrorReason? ErrorReason { get; init; }
    public RoutingOverride? RoutingOverride { get; init; }
    public DateTimeOffset? DisabledTime { get; init; }
    public DateTimeOffset CreatedDate { get; init; }
    public DateTimeOffset LastModifiedDate { get; init; }
    public DateTimeOffset SystemModstamp { get; init; }

    /// <summary>Only an Active usage lets messages through (domain.md §4).</summary>
    public bool IsActive => DeploymentStatus == DeploymentStatus.Active;

    public bool IsMarketing => DeploymentType is DeploymentType.MJ or DeploymentType.MessagingEngagement;
}
