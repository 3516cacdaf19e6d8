using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace MessagingChannelUsage.Gateway.SalesforceRest;

/// <summary>Salesforce's dateTime text, e.g. "2026-12-01T10:00:00.000+0000" (UTC, milliseconds).</summary>
internal static class SalesforceDates
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'+0000'";

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>
    /// An If-Unmodified-Since value: an HTTP date ("Tue, 01 Dec 2026 10:00:00 GMT", what the
    /// header is defined with) or Salesforce's dateTime text; null when it is neither.
    /// </summary>
    public static DateTimeOffset? ParseHeader(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (HeaderUtilities.TryParseDate(text, out var httpDate))
        {
            return httpDate;
        }

        return DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss.fffzzz", "yyyy-MM-dd'T'HH:mm:ss.fffzzzz", "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'"],
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : ParseCompactOffset(text);
    }

    /// <summary>"…+0000": .NET's zzz wants a colon in the offset; Salesforce writes none.</summary>
    private static DateTimeOffset? ParseCompactOffset(string text)
        => text.Length > 5 && text[^5] is '+' or '-'
           && DateTimeOffset.TryParse(text[..^2] + ":" + text[^2..], CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : null;
}
