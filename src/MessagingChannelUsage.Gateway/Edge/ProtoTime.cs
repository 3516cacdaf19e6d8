using Google.Protobuf.WellKnownTypes;

namespace MessagingChannelUsage.Gateway.Mapping.Admin;

/// <summary>Timestamp ↔ DateTimeOffset; a null domain time is an absent proto message.</summary>
internal static class ProtoTime
{
    public static Timestamp? ToProto(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;

    public static Timestamp ToProto(DateTimeOffset value) => Timestamp.FromDateTimeOffset(value);

    public static DateTimeOffset? FromProto(Timestamp? value) => value?.ToDateTimeOffset();
}
