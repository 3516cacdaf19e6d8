using System.Globalization;
using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Gateway.SalesforceRest;

/// <summary>
/// The REST API versions served: 60.0 (Spring '24, the first with MessagingChannelUsage) through
/// 68.0 (Winter '27). An older or unknown version → 404 NOT_FOUND, as Salesforce answers.
/// </summary>
internal static class ApiVersions
{
    public static readonly IReadOnlyList<ApiVersionInfo> All =
    [
        .. new[] { "Spring '24", "Summer '24", "Winter '25", "Spring '25", "Summer '25", "Winter '26", "Spring '26", "Summer '26", "Winter '27" }
            .Select((label, i) => (label, version: (60 + i).ToString(CultureInfo.InvariantCulture) + ".0"))
            .Select(v => new ApiVersionInfo(v.label, "/services/data/v" + v.version, v.version)),
    ];

    /// <summary>The version of a path segment "60.0"; anything not served → NOT_FOUND.</summary>
    public static string Require(string? version)
        => All.FirstOrDefault(v => v.Version == version)?.Version ?? throw SalesforceErrors.ResourceNotFound();

    public static string Base(string version) => "/services/data/v" + version;
}
