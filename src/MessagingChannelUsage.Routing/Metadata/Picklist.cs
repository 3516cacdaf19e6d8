using System.Collections.Frozen;
using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Metadata;

/// <summary>Every picklist of the seed with API names and labels, built once, read without locks.</summary>
public static class Picklists
{
    public static readonly ImmutableArray<PicklistEntry> ConsentType =
    [
        new("ImplicitOptIn", "Implicit Opt-In", (int)Model.ConsentType.ImplicitOptIn),
        new("ExplicitOptIn", "Explicit Opt-In", (int)Model.ConsentType.ExplicitOptIn),
        new("DoubleOptIn", "Double Opt-In", (int)Model.ConsentType.DoubleOptIn),
    ];

    public static readonly ImmutableArray<PicklistEntry> DeploymentStatus =
    [
        new("New", "New", (int)Model.DeploymentStatus.New),
        new("Provisioning", "Provisioning", (int)Model.DeploymentStatus.Provisioning),
        new("Active", "Active", (int)Model.DeploymentStatus.Active),
        new("Error", "Error", (int)Model.DeploymentStatus.Error),
        new("Deprovisioning", "Deprovisioning", (int)Model.DeploymentStatus.Deprovisioning),
        new("Disabled", "Disabled", (int)Model.DeploymentStatus.Disabled),
    ];

    public static readonly ImmutableArray<PicklistEntry> DeploymentType =
    [
        new("Conversation", "Conversation", (int)Model.DeploymentType.Conversation),
        new("MessagingEngagement", "MessagingEngagement", (int)Model.DeploymentType.MessagingEngagement),
        new("MJ", "MJ", (int)Model.DeploymentType.MJ),
    ];

    public static readonly ImmutableArray<PicklistEntry> ErrorReason =
    [
        new("DeprovisioningError", "DeprovisioningError", (int)Model.ErrorReason.DeprovisioningError),
        new("InternalError", "InternalError", (int)Model.ErrorReason.InternalError),
        new("InvalidSelection", "InvalidSelection", (int)Model.ErrorReason.InvalidSelection),
        new("ProvisioningError", "ProvisioningError", (int)Model.ErrorReason.ProvisioningError),
    ];

    public static readonly ImmutableArray<PicklistEntry> RoutingOverride =
    [
        new("MJKeywordsOnly", "MJKeywordsOnly", (int)Model.RoutingOverride.MJKeywordsOnly),
        new("NonSessionMessages", "NonSessionMessages", (int)Model.RoutingOverride.NonSessionMessages),
    ];

    /// <summary>API name of an enum value, e.g. DeploymentStatus.Active → "Active".</summary>
    public static string ApiName<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        // Called per record by query and mapping: an array indexed by the wire number, built once
        // per enum type, instead of a search with boxing.
        var names = ApiNames<TEnum>.ByNumber;
        var number = System.Runtime.CompilerServices.Unsafe.As<TEnum, int>(ref value);
        return (uint)number < (uint)names.Length && names[number] is { } name
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), number, $"Not a {typeof(TEnum).Name} value.");
    }

    private static class ApiNames<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly string?[] ByNumber = Build();

        private static string?[] Build()
        {
            var entries = Of<TEnum>();
            var names = new string?[entries.Max(e => e.Number) + 1];
            foreach (var entry in entries)
            {
                names[entry.Number] = entry.ApiName;
            }

            return names;
        }
    }

    /// <summary>Parses an API name (exact, case-insensitive as Salesforce does for picklists).</summary>
    public static bool TryParse<TEnum>(string apiName, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var entry in Of<TEnum>())
        {
            if (string.Equals(entry.ApiName, apiName, StringComparison.OrdinalIgnoreCase))
            {
                value = (TEnum)Enum.ToObject(typeof(TEnum), entry.Number);
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>True when <paramref name="number"/> is a defined value of the picklist (wire numbers).</summary>
    public static bool IsDefined<TEnum>(int number)
        where TEnum : struct, Enum
        => Of<TEnum>().Any(e => e.Number == number);

    public static ImmutableArray<PicklistEntry> Of<TEnum>()
        where TEnum : struct, Enum
        => ByType.TryGetValue(typeof(TEnum), out var entries)
            ? entries
            : throw new ArgumentException($"{typeof(TEnum).Name} is not a picklist of MessagingChannelUsage.", nameof(TEnum));

    private static readonly FrozenDictionary<Type, ImmutableArray<PicklistEntry>> ByType = new Dictionary<Type, ImmutableArray<PicklistEntry>>
    {
        [typeof(Model.ConsentType)] = ConsentType,
        [typeof(Model.DeploymentStatus)] = DeploymentStatus,
        [typeof(Model.DeploymentType)] = DeploymentType,
        [typeof(Model.ErrorReason)] = ErrorReason,
        [typeof(Model.RoutingOverride)] = RoutingOverride,
    }.ToFrozenDictionary();
}
