using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MessagingChannelUsage.Gateway.Telemetry;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>
/// Turns what stopped the gateway from starting into lines an operator can act on: one line per
/// problem, naming the setting (and its environment variable) or the port, and what to do. A
/// failure it does not recognise returns null and stays an exception with its stack trace (a bug).
/// </summary>
internal static partial class StartupFailure
{
    /// <summary>The lines to print, or null when <paramref name="exception"/> is not a known start-up failure.</summary>
    public static IReadOnlyList<string>? Describe(Exception exception, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(configuration);
        return exception switch
        {
            OptionsValidationException validation => [.. validation.Failures.Select(f => $"error: {f}")],
            AggregateException aggregate when aggregate.InnerExceptions.Count == 1 => Describe(aggregate.InnerExceptions[0], configuration),
            InvalidOperationException conversion when ConversionRegex().Match(conversion.Message) is { Success: true } match
                => [NotConvertible(match.Groups["path"].Value, match.Groups["type"].Value, configuration)],
            IOException bind when BindRegex().Match(bind.Message) is { Success: true } match
                => [CannotListen(match.Groups["url"].Value, match.Groups["why"].Value, bind, configuration)],
            _ => null,
        };
    }

    /// <summary>"Store:Kind" → "Store__Kind".</summary>
    public static string EnvironmentVariable(string path) => path.Replace(":", "__", StringComparison.Ordinal);

    private static string NotConvertible(string path, string typeName, IConfiguration configuration)
    {
        var value = configuration[path] ?? string.Empty;
        var type = FindType(typeName);
        var expected = type switch
        {
            { IsEnum: true } => $"is not one of {string.Join(", ", Enum.GetNames(type))}",
            _ when type == typeof(TimeSpan) => "is not a duration: write [d.]hh:mm:ss, e.g. 2.00:00:00 for 48 hours or 00:00:30 for 30 seconds",
            _ when type == typeof(int) || type == typeof(long) => "is not a whole number",
            _ when type == typeof(bool) => "is not true or false",
            _ when type == typeof(double) => "is not a number (use . for decimals)",
            _ => $"cannot be read as {type?.Name ?? typeName}",
        };
        return $"error: {path} = '{value}' {expected} (environment variable {EnvironmentVariable(path)}).";
    }

    private static string CannotListen(string url, string why, IOException exception, IConfiguration configuration)
    {
        var uri = Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : null;
        var port = uri?.Port ?? -1;
        var host = uri?.Host ?? url;
        var metricsSetting = $"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.PrometheusPort)}";
        var metricsPort = int.TryParse(configuration[metricsSetting], NumberStyles.Integer, CultureInfo.InvariantCulture, out var configured) ? configured : TelemetryOptions.DefaultPrometheusPort;
        var isMetrics = port == metricsPort;
        var setting = isMetrics ? metricsSetting : $"{GatewayOptions.SectionName}:{nameof(GatewayOptions.Urls)}";
        var socket = Find<SocketException>(exception);
        var inUse = socket?.SocketErrorCode == SocketError.AddressAlreadyInUse || why.Contains("already in use", StringComparison.OrdinalIgnoreCase);
        var denied = socket?.SocketErrorCode == SocketError.AccessDenied || why.Contains("permission denied", StringComparison.OrdinalIgnoreCase);
        var what = isMetrics ? $"the metrics port {port} on {host}" : $"port {port} on {host} (gRPC)";
        var change = isMetrics
            ? $"set {EnvironmentVariable(setting)} to a free port (0 = any)"
            : $"set {EnvironmentVariable(setting)}=http://{host}:<free port>";
        if (inUse)
        {
            return $"error: {what} is already in use ({setting}): another process listens there, perhaps a gateway already running. Stop it or {change}.";
        }

        if (denied)
        {
            return $"error: not allowed to listen on {what} ({setting}): ports below 1024 need privileges. {Capitalise(change)}.";
        }

        return $"error: cannot listen on {what} ({setting}): {why.TrimEnd('.')}. Check the address or {change}.";
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static Type? FindType(string fullName)
        => Type.GetType(fullName) ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(fullName)).FirstOrDefault(t => t is not null);

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }

    // "Failed to convert configuration value at 'Store:Kind' to type 'MessagingChannelUsage.Store.StoreKind'."
    // (.NET 8+ leaves the value out of the message; it is read back from configuration.)
    [GeneratedRegex(@"Failed to convert configuration value (?:'.*' )?at '(?<path>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionRegex();

    // Kestrel: "Failed to bind to address http://127.0.0.1:5051: address already in use."
    [GeneratedRegex(@"Failed to bind to address (?<url>\S+?): (?<why>.+)$")]
    private static partial Regex BindRegex();
}
