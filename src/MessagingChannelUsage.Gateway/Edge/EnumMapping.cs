using Domain = MessagingChannelUsage.Routing.Model;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>
/// Proto enums and domain enums share their numbers (enums.proto / Picklists.cs), so mapping is
/// a cast; zero (…_UNSPECIFIED) is null where the domain value is nullable. Casts from the wire
/// are unchecked here on purpose: validation range-checks them and names the field.
/// </summary>
internal static class EnumMapping
{
    public static Proto.Handler ToProto(Domain.Handler value) => (Proto.Handler)(int)value;

    public static Domain.Handler ToDomain(Proto.Handler value) => (Domain.Handler)(int)value;

    public static Proto.RoutingReason ToProto(Domain.RoutingReason value) => (Proto.RoutingReason)(int)value;

    public static Proto.ConsentStatus ToProto(Domain.ConsentStatus? value) => value is { } v ? (Proto.ConsentStatus)(int)v : Proto.ConsentStatus.Unspecified;

    public static Proto.SessionStatus ToProto(Domain.SessionStatus value) => (Proto.SessionStatus)(int)value;

    public static Domain.SessionStatus ToDomain(Proto.SessionStatus value) => (Domain.SessionStatus)(int)value;

    public static Proto.SessionOrigin ToProto(Domain.SessionOrigin value) => (Proto.SessionOrigin)(int)value;

    public static Proto.DeploymentType ToProto(Domain.DeploymentType value) => (Proto.DeploymentType)(int)value;

    /// <summary>True when the wire number is a value of the domain enum (zero never is).</summary>
    public static bool IsDefined<TDomain>(int number)
        where TDomain : struct, Enum
        => Enum.IsDefined(typeof(TDomain), number);
}
