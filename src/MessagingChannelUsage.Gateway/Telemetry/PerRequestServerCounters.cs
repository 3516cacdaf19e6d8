namespace MessagingChannelUsage.Gateway.Telemetry;

/// <summary>
/// ASP.NET Core's instruments that record a measurement on every request, each with its own tag
/// lookup in the OpenTelemetry SDK, and that say nothing the gateway does not already count:
/// <c>http.server.active_requests</c> (+1 and −1 per request, recorded before routing, so
/// <c>DisableHttpMetrics</c> cannot skip it), <c>kestrel.queued_requests</c> (+1 and −1 per HTTP/2
/// stream, boxing the port each time) and <c>aspnetcore.routing.match_attempts</c> (one per request).
/// Together ~4 % of a routed message's CPU (docs/performance.md, session 6). Exported only with
/// Telemetry:PerRequestCounters; dropped by an OpenTelemetry view otherwise, which leaves the
/// instruments disabled (no measurement reaches the SDK). <c>http.server.request.duration</c> and
/// Kestrel's per-connection instruments are not in this list and stay.
/// </summary>
internal static class PerRequestServerCounters
{
    private static readonly HashSet<(string Meter, string Instrument)> Instruments =
    [
        ("Microsoft.AspNetCore.Hosting", "http.server.active_requests"),
        ("Microsoft.AspNetCore.Server.Kestrel", "kestrel.queued_requests"),
        ("Microsoft.AspNetCore.Routing", "aspnetcore.routing.match_attempts"),
    ];

    public static bool Contains(string meterName, string instrumentName) => Instruments.Contains((meterName, instrumentName));
}
