using System.Diagnostics;
using MessagingChannelUsage.Gateway.Routing;
using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Gateway.Telemetry;

/// <summary>
/// What the routing service reports per message: metrics always, span tags when the span is
/// recorded. One call per outcome keeps the service's own code to a line each.
/// </summary>
internal sealed class RoutingTelemetry(GatewayMetrics metrics)
{
    public void Decided(Activity? span, string? channelId, in RoutedMessage routed, bool inbound, long started)
    {
        metrics.Decided(routed.Handler, routed.Reason, inbound, routed.DryRun, started);
        GatewayTracing.Decided(span, channelId, routed.Handler, routed.Reason);
    }

    public void Failed(Activity? span, string? channelId, DomainException exception, bool inbound, long started)
    {
        ArgumentNullException.ThrowIfNull(exception);
        metrics.Failed(exception.Code, inbound, started);
        GatewayTracing.Failed(span, channelId, exception.Code);
    }

    public void StreamMessageReceived() => metrics.StreamMessageReceived();
}
