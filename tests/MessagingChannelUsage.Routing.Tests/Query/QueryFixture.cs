using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Query;

namespace MessagingChannelUsage.Routing.Tests.Query;

/// <summary>
/// Ten usages on five channels covering every picklist value, nulls and both date fields. Ids
/// are all digits after the prefix, so "u1" &lt; "u2" &lt; ... &lt; "u10" in id order, and their
/// 18-char suffix is "AAA". Tests name records u1..u10 and channels ch1..ch5.
/// </summary>
internal static class QueryFixture
{
    public static string UsageId15(int n) => $"{KeyPrefixes.MessagingChannelUsage}{n:D12}";

    public static string UsageId(int n) => SalesforceId.To18(UsageId15(n));

    public static string ChannelId(int n) => SalesforceId.To18($"{KeyPrefixes.MessagingChannel}{n:D12}");

    public static readonly IReadOnlyList<ChannelUsage> Usages =
    [
        Usage(1, 1, DeploymentType.Conversation, DeploymentStatus.Active, ConsentType.ImplicitOptIn),
        Usage(2, 1, DeploymentType.MJ, DeploymentStatus.Active, ConsentType.ExplicitOptIn) with { RoutingOverride = RoutingOverride.MJKeywordsOnly },
        Usage(3, 1, DeploymentType.MessagingEngagement, DeploymentStatus.New, null),
        Usage(4, 2, DeploymentType.Conversation, DeploymentStatus.Disabled, null) with { DisabledTime = At("2026-02-01T10:00:00Z") },
        Usage(5, 2, DeploymentType.MJ, DeploymentStatus.Error, null) with { ErrorReason = ErrorReason.ProvisioningError },
        Usage(6, 3, DeploymentType.Conversation, DeploymentStatus.Provisioning, ConsentType.DoubleOptIn),
        Usage(7, 3, DeploymentType.MJ, DeploymentStatus.Active, null) with { RoutingOverride = RoutingOverride.NonSessionMessages },
        Usage(8, 4, DeploymentType.Conversation, DeploymentStatus.Error, ConsentType.ImplicitOptIn) with { ErrorReason = ErrorReason.InternalError },
        Usage(9, 4, DeploymentType.MessagingEngagement, DeploymentStatus.Disabled, null) with { DisabledTime = At("2026-03-01T00:00:00Z") },
        Usage(10, 5, DeploymentType.Conversation, DeploymentStatus.Deprovisioning, ConsentType.ExplicitOptIn) with { CreatedDate = At("2026-01-10T12:00:00Z") },
    ];

    /// <summary>n usages u1..un with CreatedDate n days after 2026-01-01, for paging.</summary>
    public static IReadOnlyList<ChannelUsage> Many(int n)
        => [.. Enumerable.Range(1, n).Select(i => Usage(i, i, DeploymentType.Conversation, DeploymentStatus.Active, null))];

    /// <summary>"u1,u3" for the records given, in the order given.</summary>
    public static string Names(IEnumerable<ChannelUsage> records)
        => string.Join(",", records.Select(r => "u" + int.Parse(r.Id.AsSpan(3, 12), System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Replaces {uN}, {uN:15}, {uN:lower} (18 chars, lower-case suffix) and {chN} by ids.</summary>
    public static string WithIds(string soql)
        => System.Text.RegularExpressions.Regex.Replace(soql, @"\{(u|ch)(\d+)(?::(15|lower))?\}", m =>
        {
            var n = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (m.Groups[1].Value == "ch")
            {
                return ChannelId(n);
            }

            return m.Groups[3].Value switch
            {
                "15" => UsageId15(n),
                "lower" => UsageId15(n) + UsageId(n)[15..].ToLowerInvariant(),
                _ => UsageId(n),
            };
        });

    public static QueryRows Run(string soql, IReadOnlyList<ChannelUsage>? records = null)
        => QueryEngine.Execute(SoqlParser.Parse(WithIds(soql)), records ?? Usages);

    public static DomainException ParseFails(string soql)
        => Assert.Throws<DomainException>(() => SoqlParser.Parse(WithIds(soql)));

    public static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static ChannelUsage Usage(int n, int channel, DeploymentType type, DeploymentStatus status, ConsentType? consent)
    {
        var created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(n - 1);
        return new ChannelUsage
        {
            Id = UsageId(n),
            MessagingChannelId = ChannelId(channel),
            DeploymentType = type,
            DeploymentStatus = status,
            ConsentType = consent,
            CreatedDate = created,
            LastModifiedDate = created.AddHours(1),
            SystemModstamp = created.AddHours(1),
        };
    }
}
