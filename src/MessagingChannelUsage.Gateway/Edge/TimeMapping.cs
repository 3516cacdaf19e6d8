using Google.Protobuf.WellKnownTypes;

namespace MessagingChannelUsage.Gateway.Mapping;

/// <summary>DateTimeOffset ↔ google.protobuf.Timestamp (null ↔ absent).</summary>
public static class TimeMapping
{
    public static Timestamp ToProto(DateTimeOffset value) => Timestamp.FromDateTimeOffset(value);

    public static Timestamp? ToProto(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;
}
