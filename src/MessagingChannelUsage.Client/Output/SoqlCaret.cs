using System.Globalization;
using System.Text.RegularExpressions;

namespace MessagingChannelUsage.Client.Output;

/// <summary>
/// Under a MALFORMED_QUERY message ("... at position 17 ..."), the query with a caret under that
/// character, so the mistake is seen without counting.
/// </summary>
public static partial class SoqlCaret
{
    public static async Task WriteAsync(string soql, string message, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(soql);
        ArgumentNullException.ThrowIfNull(error);
        var match = PositionRegex().Match(message ?? string.Empty);
        if (!match.Success || soql.Contains('\n', StringComparison.Ordinal)
            || !int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            || position < 1 || position > soql.Length + 1)
        {
            return;
        }

        await error.WriteLineAsync($"  {soql}");
        await error.WriteLineAsync($"  {new string(' ', position - 1)}^");
    }

    [GeneratedRegex(@"at position (\d+)")]
    private static partial Regex PositionRegex();
}
