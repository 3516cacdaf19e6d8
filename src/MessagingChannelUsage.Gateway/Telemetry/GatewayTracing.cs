using System.Diagnostics;
using MessagingChannelUsage.Routing.Model;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Telemetry;

/// <summary>
/// Traces of the gateway. The server span of each RPC comes from ASP.NET Core (continuing the
/// caller's W3C traceparent); this class adds the routing outcome to it, and gives each
/// RouteStream item its own span from <see cref="Source"/>. With no listener every method is one
/// null/flag check: no tag is built unless the span is recorded. ASP.NET Core starts a span for
/// every request even when nobody traces (for log correlation; its source then has no listener):
/// tagging that span cost ~130 bytes per message for nothing (issue 12), so a span is tagged only
/// when its source has a listener.
/// </summary>
internal static class GatewayTracing
{
    public const string SourceName = "MessagingChannelUsage.Gateway";

    public const string ChannelIdTag = "messaging.channel_id";
    public const string StreamItemSpanName = "RouteStream item";

    public static readonly ActivitySource Source = new(SourceName);

    // Spelled as the contract spells them (HANDLER_OMNI_CHANNEL), like the metrics labels; numbers are shared.
    private static readonly string?[] HandlerNames = Proto.ContractEnumNames.Table<Proto.Handler>();
    private static readonly string?[] ReasonNames = Proto.ContractEnumNames.Table<Proto.RoutingReason>();

    /// <summary>A span per RouteStream item; null (free) when nobody samples it.</summary>
    public static Activity? StartStreamItem() => Source.StartActivity(StreamItemSpanName, ActivityKind.Internal);

    /// <summary>Tags the span (normally <see cref="Activity.Current"/>) with the decision.</summary>
    public static void Decided(Activity? activity, string? channelId, Handler handler, RoutingReason reason)
    {
        if (!IsTraced(activity))
        {
            return;
        }

        activity.SetTag(ChannelIdTag, channelId);
        activity.SetTag(GatewayMetrics.HandlerTag, Proto.ContractEnumNames.Of(HandlerNames, (int)handler));
        activity.SetTag(GatewayMetrics.ReasonTag, Proto.ContractEnumNames.Of(ReasonNames, (int)reason));
    }

    /// <summary>Tags the span with the error code and marks it failed.</summary>
    public static void Failed(Activity? activity, string? channelId, string code)
    {
        if (!IsTraced(activity))
        {
            return;
        }

        activity.SetTag(ChannelIdTag, channelId);
        activity.SetTag(GatewayMetrics.ErrorCodeTag, code);
        activity.SetStatus(ActivityStatusCode.Error, code);
    }

    /// <summary>True when someone records this span: its data is requested and its source has a listener.</summary>
    internal static bool IsTraced([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] Activity? activity)
        => activity is { IsAllDataRequested: true } && activity.Source.HasListeners();
}
