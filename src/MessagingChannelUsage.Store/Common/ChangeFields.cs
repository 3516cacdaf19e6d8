using System.Collections.Frozen;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Redis;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Common;

/// <summary>
/// Changed fields of a change event, for both stores alike: a field changed when its stored
/// encoding (<see cref="RedisRecordFormat"/>, one value per field) differs before and after the
/// write. The Redis scripts compare the same encodings in Lua; the in-memory store compares them
/// here. Names are reported as API names.
/// </summary>
internal static class ChangeFields
{
    public const string ChannelObject = "MessagingChannel";
    public const string UsageObject = "MessagingChannelUsage";

    private const string StatusField = "DeploymentStatus";

    // Encoded name → API name. A name missing here (a field added later) is reported as encoded.
    private static readonly FrozenDictionary<string, string> ChannelNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["id"] = "Id", ["dn"] = "DeveloperName", ["ml"] = "MasterLabel", ["kind"] = "ChannelKind", ["mt"] = "MessageType",
        ["fq"] = "FallbackQueueId", ["kin"] = "OptInKeywords", ["kdin"] = "DoubleOptInKeywords", ["kout"] = "OptOutKeywords",
        ["khelp"] = "HelpKeywords", ["kmkt"] = "MarketingKeywords", ["pin"] = "OptInPrompt", ["pdin"] = "DoubleOptInPrompt",
        ["cin"] = "OptInConfirmation", ["cout"] = "OptOutConfirmation", ["help"] = "HelpResponse",
        ["cd"] = "CreatedDate", ["lmd"] = "LastModifiedDate", ["sms"] = "SystemModstamp",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> UsageNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["id"] = "Id", ["ch"] = "MessagingChannelId", ["type"] = "DeploymentType", ["status"] = StatusField,
        ["consent"] = "ConsentType", ["err"] = "ErrorReason", ["ovr"] = "RoutingOverride", ["dis"] = "DisabledTime",
        ["cd"] = "CreatedDate", ["lmd"] = "LastModifiedDate", ["sms"] = "SystemModstamp",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Encoded names whose value differs between the two encodings (absent counts as a value).</summary>
    public static List<string> Diff(HashEntry[] before, HashEntry[] after)
    {
        var old = before.ToDictionary(e => (string)e.Name!, e => (string?)e.Value, StringComparer.Ordinal);
        var changed = new List<string>();
        foreach (var entry in after)
        {
            var name = (string)entry.Name!;
            if (!old.Remove(name, out var value) || !string.Equals(value, (string?)entry.Value, StringComparison.Ordinal))
            {
                changed.Add(name);
            }
        }

        changed.AddRange(old.Keys);
        return changed;
    }

    /// <summary>API names of encoded <paramref name="changed"/> names of <paramref name="objectName"/>, in field-table order.</summary>
    public static IReadOnlyList<string> ApiNames(string objectName, IEnumerable<string> changed)
    {
        var names = objectName == UsageObject ? UsageNames : ChannelNames;
        return [.. changed.Select(n => names.GetValueOrDefault(n, n)).Distinct(StringComparer.Ordinal)];
    }

    public static ChangeKind KindOf(bool created, IReadOnlyList<string> apiNames)
        => created ? ChangeKind.Created : apiNames.Contains(StatusField) ? ChangeKind.Lifecycle : ChangeKind.Updated;

    public static DomainException ReplayIdPastRetention(TimeSpan retention) => new(
        ErrorKind.OutOfRange,
        ErrorCodes.InvalidReplayId,
        "resume_token",
        $"The resume token is older than the change retention ({retention}); read the current state again and watch from now.");

    public static DomainException MalformedReplayId() => new(
        ErrorKind.InvalidArgument,
        ErrorCodes.InvalidReplayId,
        "resume_token",
        "The resume token is not one this store issued.");
}
