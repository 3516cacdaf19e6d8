using System.Diagnostics;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Telemetry;

/// <summary>
/// Traces of the gateway. The server span of each RPC comes from ASP.NET Core (continuing the
/// caller's W3C traceparent); this class adds the routing outcome to it, and gives each
/// RouteStream item its own span from <see cref="Source"/>. With no listener every method is one
/// null/flag check: no tag is built unless the span is recorded.
/// </summary>
public static class GatewayTracing
{
    public const string SourceName = "MessagingChannelUsage.Gateway";

    public const string ChannelIdTag = "messaging.channel_id";
    public const string StreamItemSpanName = "RouteStream item";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly string[] HandlerNames = Names<Handler>();
    private static readonly string[] ReasonNames = Names<RoutingReason>();

    /// <summary>A span per RouteStream item; null (free) when nobody samples it.</summary>
    public static Activity? StartStreamItem() => Source.StartActivity(StreamItemSpanName, ActivityKind.Internal);

    /// <summary>Tags the span (normally <see cref="Activity.Current"/>) with the decision.</summary>
    public static void Decided(Activity? activity, string? channelId, Handler handler, RoutingReason reason)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag(ChannelIdTag, channelId);
        activity.SetTag(GatewayMetrics.HandlerTag, Name(HandlerNames, (int)handler));
        activity.SetTag(GatewayMetrics.ReasonTag, Name(ReasonNames, (int)reason));
    }

    /// <summary>Tags the span with the error code and marks it failed.</summary>
    public static void Failed(Activity? activity, string? channelId, string code)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag(ChannelIdTag, channelId);
        activity.SetTag(GatewayMetrics.ErrorCodeTag, code);
        activity.SetStatus(ActivityStatusCode.Error, code);
    }

    private static string Name(string[] names, int value)
        => (uint)value < (uint)names.Length && names[value] is { } name ? name : "unknown";

    private static string[] Names<TEnum>()
        where TEnum : struct, Enum
    {
        var values = Enum.GetValues<TEnum>();
        var names = new string[values.Max(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)) + 1];
        foreach (var value in values)
        {
            names[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)] = value.ToString();
        }

        return names;
    }
}
