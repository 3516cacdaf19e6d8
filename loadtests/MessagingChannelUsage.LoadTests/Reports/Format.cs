using System.Globalization;

namespace MessagingChannelUsage.LoadTests.Reports;

/// <summary>Number formatting shared by the writers (invariant culture: reports are compared across machines).</summary>
internal static class Format
{
    public static string Ms(double value) => value.ToString(value < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture);

    public static string Rate(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    public static string Percent(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Errors(IReadOnlyDictionary<string, long> errors) =>
        errors.Count == 0 ? "none" : string.Join(", ", errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key}: {e.Value}"));
}
