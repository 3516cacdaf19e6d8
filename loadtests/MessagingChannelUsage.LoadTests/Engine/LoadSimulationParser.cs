using System.Globalization;
using System.Text.RegularExpressions;

namespace MessagingChannelUsage.LoadTests.Engine;

/// <summary>
/// Parses load phases from the command line, one per <c>--load</c>:
/// <c>keep=64,20s</c> (KeepConstant), <c>ramp-keep=128,10s</c> (RampingConstant),
/// <c>inject=5000/1s,20s</c> (Inject), <c>ramp-inject=10000/1s,10s</c> (RampingInject), <c>pause=5s</c>.
/// </summary>
public static partial class LoadSimulationParser
{
    [GeneratedRegex(@"^(?<kind>keep|ramp-keep|inject|ramp-inject)=(?<n>\d+)(?:/(?<interval>\d+(?:\.\d+)?(?:ms|s)))?,(?<during>\d+(?:\.\d+)?(?:ms|s|m))$|^pause=(?<pause>\d+(?:\.\d+)?(?:ms|s|m))$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();

    /// <exception cref="FormatException">Not one of the forms above; the message shows them.</exception>
    public static LoadSimulation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Syntax().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException(
                $"Load '{text}' is not one of: keep=COPIES,DURATION  ramp-keep=COPIES,DURATION  inject=RATE/INTERVAL,DURATION  ramp-inject=RATE/INTERVAL,DURATION  pause=DURATION (e.g. inject=5000/1s,20s).");
        }

        if (match.Groups["pause"].Success)
        {
            return new Pause(ParseDuration(match.Groups["pause"].Value));
        }

        var n = int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var during = ParseDuration(match.Groups["during"].Value);
        var interval = match.Groups["interval"].Success ? ParseDuration(match.Groups["interval"].Value) : TimeSpan.FromSeconds(1);
        if (interval <= TimeSpan.Zero || during <= TimeSpan.Zero)
        {
            throw new FormatException($"Load '{text}': interval and duration must be positive.");
        }

        var kind = match.Groups["kind"].Value;
        if (kind is "keep" or "ramp-keep" && match.Groups["interval"].Success)
        {
            throw new FormatException($"Load '{text}': the closed model takes a number of copies, not a rate.");
        }

        return kind switch
        {
            "keep" => new KeepConstant(n, during),
            "ramp-keep" => new RampingConstant(n, during),
            "inject" => new Inject(n, interval, during),
            _ => new RampingInject(n, interval, during),
        };
    }

    /// <summary><c>250ms</c>, <c>20s</c>, <c>1.5m</c>.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.EndsWith("ms", StringComparison.Ordinal))
        {
            return TimeSpan.FromMilliseconds(double.Parse(text[..^2], CultureInfo.InvariantCulture));
        }

        var value = double.Parse(text[..^1], CultureInfo.InvariantCulture);
        return text[^1] switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            _ => throw new FormatException($"Duration '{text}' needs a unit: ms, s or m."),
        };
    }
}
