using MessagingChannelUsage.Gateway.Channels;
using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Store.Abstractions;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Usages;

/// <summary>A change of the store's change log → the wire's ChangeEvent.</summary>
internal static class ChangeEventMapping
{
    public static Proto.ChangeEvent ToProto(this StoredChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var proto = new Proto.ChangeEvent
        {
            ResumeToken = change.ResumeToken,
            ObjectName = change.ObjectName,
            ChangeType = (Proto.ChangeType)(int)change.Kind,
            CommitTime = TimeMapping.ToProto(change.CommitTime),
        };
        proto.ChangedFields.AddRange(change.ChangedFields);
        if (change.Usage is { } usage)
        {
            proto.Usage = usage.ToProto();
        }
        else if (change.Channel is { } channel)
        {
            proto.Channel = channel.ToProto();
        }

        return proto;
    }
}
