using MessagingChannelUsage.Routing.Model;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Mapping.Admin;

/// <summary>
/// Domain → proto for MessagingChannelUsage. Domain enums carry the proto wire numbers
/// (Model/Picklists.cs), so each picklist maps by a cast; a null picklist is the zero value.
/// </summary>
internal static class UsageToProto
{
    public static Proto.MessagingChannelUsage ToProto(this ChannelUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return new Proto.MessagingChannelUsage
        {
            Id = usage.Id,
            MessagingChannelId = usage.MessagingChannelId,
            DeploymentType = (Proto.DeploymentType)usage.DeploymentType,
            DeploymentStatus = (Proto.DeploymentStatus)usage.DeploymentStatus,
            ConsentType = usage.ConsentType is { } c ? (Proto.ConsentType)c : Proto.ConsentType.Unspecified,
            ErrorReason = usage.ErrorReason is { } e ? (Proto.ErrorReason)e : Proto.ErrorReason.Unspecified,
            RoutingOverride = usage.RoutingOverride is { } r ? (Proto.RoutingOverride)r : Proto.RoutingOverride.Unspecified,
            DisabledTime = ProtoTime.ToProto(usage.DisabledTime),
            CreatedDate = ProtoTime.ToProto(usage.CreatedDate),
            LastModifiedDate = ProtoTime.ToProto(usage.LastModifiedDate),
            SystemModstamp = ProtoTime.ToProto(usage.SystemModstamp),
        };
    }
}
