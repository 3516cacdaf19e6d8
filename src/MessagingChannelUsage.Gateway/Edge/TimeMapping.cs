using Google.Protobuf.WellKnownTypes;
using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>The one time mapper: DateTimeOffset ↔ google.protobuf.Timestamp (null ↔ absent).</summary>
internal static class TimeMapping
{
    // The Timestamp range DateTimeOffset can hold: 0001-01-01T00:00:00Z … 9999-12-31T23:59:59.999999999Z.
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    public static Timestamp ToProto(DateTimeOffset value) => Timestamp.FromDateTimeOffset(value);

    public static Timestamp? ToProto(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;

    /// <summary>
    /// A client's timestamp; one outside what a time can be (year 10000, negative nanos) is the
    /// client's mistake: INVALID_ARGUMENT naming <paramref name="field"/>, not an exception from
    /// the protobuf runtime (which would end the call INTERNAL).
    /// </summary>
    public static DateTimeOffset? ToDomain(Timestamp? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Seconds is < MinSeconds or > MaxSeconds || value.Nanos is < 0 or > 999_999_999)
        {
            throw new DomainException(
                ErrorKind.InvalidArgument,
                ErrorCodes.FieldIntegrityException,
                field,
                $"{field} is not a valid time (seconds {value.Seconds}, nanos {value.Nanos}); it must lie between 0001-01-01 and 9999-12-31 with nanos 0…999,999,999.");
        }

        return value.ToDateTimeOffset();
    }
}
