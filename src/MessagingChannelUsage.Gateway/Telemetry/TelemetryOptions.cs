using OpenTelemetry.Exporter;

namespace MessagingChannelUsage.Gateway.Telemetry;

/// <summary>Metrics and traces (configuration section "Telemetry").</summary>
internal sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public const int DefaultPrometheusPort = 9464;

    /// <summary>Serve the Prometheus scrape endpoint (its own HTTP/1.1 port, never the gRPC one).</summary>
    public bool PrometheusEnabled { get; set; } = true;

    /// <summary>Port of the scrape endpoint; 0 picks a free port (tests).</summary>
    public int PrometheusPort { get; set; } = DefaultPrometheusPort;

    /// <summary>
    /// Address the scrape endpoint listens on: an IP address, "localhost" (= 127.0.0.1) or "*"
    /// (every interface). Loopback by default, like the gRPC default; containers set "*".
    /// </summary>
    public string PrometheusAddress { get; set; } = "127.0.0.1";

    /// <summary>Path of the scrape endpoint.</summary>
    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>OTLP collector address (e.g. http://otel-collector:4317); empty = no OTLP export and no tracing.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>OTLP transport: Grpc (port 4317) or HttpProtobuf (port 4318).</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>Share of new traces recorded (0..1); a caller's sampled traceparent is always followed.</summary>
    public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>service.name of the exported telemetry.</summary>
    public string ServiceName { get; set; } = "mcu-gateway";

    /// <summary>Also export .NET runtime metrics (GC, thread pool, JIT).</summary>
    public bool RuntimeMetrics { get; set; } = true;

    /// <summary>
    /// Also export Kestrel's block-pool metrics (<c>aspnetcore_memory_pool_*</c>). Off by default:
    /// the pool records a measurement for every block it rents and returns, several per request,
    /// and exporting them cost 3–5 % of routing throughput (docs/performance.md, "What metrics
    /// export costs"). Turn it on to see what slow clients hold (docs/reliability.md).
    /// </summary>
    public bool MemoryPoolMetrics { get; set; }

    /// <summary>
    /// Also export ASP.NET Core's per-request counters: <c>http.server.active_requests</c>,
    /// <c>kestrel.queued_requests</c>, <c>aspnetcore.routing.match_attempts</c>. Off by default:
    /// each records on every request (routing calls included), ~4 % of a routed message's CPU
    /// (docs/performance.md); the gateway's own instruments count every routed message and
    /// <c>http.server.request.duration</c> every other call.
    /// </summary>
    public bool PerRequestCounters { get; set; }
}
