using MessagingChannelUsage.Gateway.Edge;

namespace MessagingChannelUsage.Gateway.Telemetry;

/// <summary>
/// Log lines of telemetry and shutdown (source-generated), numbered after GatewayLog's block:
/// 40-49 shutdown, 50-59 telemetry. No customer data.
/// </summary>
internal static partial class OperabilityLog
{
    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Gateway stopping: health set to NOT_SERVING")]
    public static partial void HealthNotServing(ILogger logger);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "Draining {OpenStreams} open RouteStream calls; they end within {StreamDrainTimeout} (host shutdown timeout {ShutdownTimeout})")]
    public static partial void DrainStarted(ILogger logger, int openStreams, TimeSpan streamDrainTimeout, TimeSpan shutdownTimeout);

    [LoggerMessage(EventId = 42, Level = LogLevel.Information, Message = "Every RouteStream call has ended")]
    public static partial void StreamsDrained(ILogger logger);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "A RouteStream call was still open after the drain timeout: ended with UNAVAILABLE after answering {Answered} requests")]
    public static partial void StreamDrainExpired(ILogger logger, long answered);

    [LoggerMessage(EventId = 50, Level = LogLevel.Information, Message = "Prometheus metrics at {Address}")]
    public static partial void PrometheusListening(ILogger logger, Uri address);

    [LoggerMessage(EventId = 51, Level = LogLevel.Information, Message = "Exporting metrics and traces over OTLP ({Protocol}) to {Endpoint}")]
    public static partial void OtlpExporting(ILogger logger, OpenTelemetry.Exporter.OtlpExportProtocol protocol, string endpoint);
}
