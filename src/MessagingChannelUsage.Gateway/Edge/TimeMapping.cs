using Google.Protobuf.WellKnownTypes;

namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>The one time mapper: DateTimeOffset ↔ google.protobuf.Timestamp (null ↔ absent).</summary>
internal static class TimeMapping
{
    public static Timestamp ToProto(DateTimeOffset value) => Timestamp.FromDateTimeOffset(value);

    public static Timestamp? ToProto(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;

    public static DateTimeOffset? ToDomain(Timestamp? value) => value?.ToDateTimeOffset();
}
