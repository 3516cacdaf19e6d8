using System.Globalization;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;

namespace MessagingChannelUsage.Routing.Query;

/// <summary>
/// The queryMore cursor, in Salesforce's form: "{snapshot id}-{position}", e.g.
/// "01g000Ab3dE5fGh7IJK-2000" (an 18-character id with the QueryLocator key prefix 01g, a dash,
/// the number of rows already returned). The snapshot holds the rows; the position says where
/// the next page starts, so the same snapshot serves any batch size. Anything else →
/// INVALID_QUERY_LOCATOR (as Salesforce answers for an unknown or expired locator).
/// </summary>
public static class QueryLocator
{
    /// <summary>Salesforce's key prefix of query locators.</summary>
    public const string KeyPrefix = "01g";

    /// <summary>The longest locator: an 18-character id, a dash and a position of up to 10 digits.</summary>
    public const int MaxLength = 18 + 1 + 10;

    public static string NewSnapshotId() => SalesforceId.NewId(KeyPrefix);

    public static string Format(string snapshotId, int position)
        => string.Create(CultureInfo.InvariantCulture, $"{snapshotId}-{position}");

    public static (string SnapshotId, int Position) Parse(string? locator)
    {
        if (string.IsNullOrEmpty(locator))
        {
            throw Invalid("the locator is empty");
        }

        if (locator.Length > MaxLength)
        {
            throw Invalid($"the locator is {locator.Length:N0} characters long, longer than any this server issues");
        }

        var dash = locator.LastIndexOf('-');
        if (dash < 0
            || !SalesforceId.TryNormalize(locator.AsSpan(0, dash), out var id, out _, KeyPrefix)
            || !int.TryParse(locator.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            || position < 1)
        {
            throw Invalid("it is not one this server issued (the form is {id}-{position})");
        }

        return (id, position);
    }

    /// <summary>The snapshot is unknown or expired (kept <paramref name="timeToLive"/> after its last page was read).</summary>
    public static DomainException Expired(TimeSpan timeToLive)
        => Invalid($"the query's results are gone (a locator stays valid {timeToLive.TotalMinutes:0.#} minutes after its last use); run the query again");

    public static DomainException Invalid(string reason)
        => new(ErrorKind.InvalidArgument, ErrorCodes.InvalidQueryLocator, null, $"invalid query locator: {reason}");
}
