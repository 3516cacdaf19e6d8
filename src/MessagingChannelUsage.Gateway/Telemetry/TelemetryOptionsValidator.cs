using System.Net;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Telemetry;

/// <summary>Checks the Telemetry section at start-up; every message names the setting to fix.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.PrometheusPort is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"Telemetry:PrometheusPort must be between 0 and {IPEndPoint.MaxPort} (got {options.PrometheusPort}).");
        }

        if (MetricsEndpoint.ParseHost(options.PrometheusAddress) is null)
        {
            failures.Add($"Telemetry:PrometheusAddress must be an IP address, \"localhost\" or \"*\" (got \"{options.PrometheusAddress}\").");
        }

        if (string.IsNullOrWhiteSpace(options.PrometheusPath) || !options.PrometheusPath.StartsWith('/'))
        {
            failures.Add($"Telemetry:PrometheusPath must start with '/' (got \"{options.PrometheusPath}\").");
        }

        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint)
            && (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var otlp) || (otlp.Scheme != Uri.UriSchemeHttp && otlp.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"Telemetry:OtlpEndpoint must be an http:// or https:// address or empty (got \"{options.OtlpEndpoint}\").");
        }

        if (!Enum.IsDefined(options.OtlpProtocol))
        {
            failures.Add($"Telemetry:OtlpProtocol must be Grpc or HttpProtobuf (got {options.OtlpProtocol}).");
        }

        if (double.IsNaN(options.TraceSampleRatio) || options.TraceSampleRatio is < 0 or > 1)
        {
            failures.Add($"Telemetry:TraceSampleRatio must be between 0 and 1 (got {options.TraceSampleRatio}).");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            failures.Add("Telemetry:ServiceName must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
