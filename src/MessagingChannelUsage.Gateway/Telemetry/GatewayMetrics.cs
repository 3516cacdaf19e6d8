using System.Diagnostics;
using System.Diagnostics.Metrics;
using MessagingChannelUsage.Routing.Model;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Telemetry;

/// <summary>
/// The routing instruments (Meter <see cref="MeterName"/>). Called once or twice per message, so
/// every method is allocation-free: the tag pairs are built once per enum value (string values,
/// nothing boxed) and passed through the fixed-arity overloads (no params array, no TagList copy).
/// The decision counters are observable: a decision is one interlocked increment of its
/// (handler, reason) slot, and the SDK reads the totals when it collects, instead of looking the
/// tag pair up in its own table on every message (issue 12).
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "MessagingChannelUsage.Gateway";

    public const string HandlerTag = "routing.handler";
    public const string ReasonTag = "routing.reason";
    public const string DirectionTag = "routing.direction";
    public const string ErrorCodeTag = "error.code";

    /// <summary>Routing latency buckets (seconds): 25 µs … 5 s; a warm in-process decision lands in the first few.</summary>
    internal static readonly double[] LatencyBuckets =
        [0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private static readonly KeyValuePair<string, object?>[] HandlerTags = EnumTags<Handler, Proto.Handler>(HandlerTag);
    private static readonly KeyValuePair<string, object?>[] ReasonTags = EnumTags<RoutingReason, Proto.RoutingReason>(ReasonTag);
    private static readonly KeyValuePair<string, object?> Inbound = new(DirectionTag, "inbound");
    private static readonly KeyValuePair<string, object?> Outbound = new(DirectionTag, "outbound");
    private static readonly KeyValuePair<string, object?> UnknownHandler = new(HandlerTag, "unknown");
    private static readonly KeyValuePair<string, object?> UnknownReason = new(ReasonTag, "unknown");

    private readonly DecisionCounts decisions = new(HandlerTags, ReasonTags, UnknownHandler, UnknownReason);
    private readonly DecisionCounts dryRunDecisions = new(HandlerTags, ReasonTags, UnknownHandler, UnknownReason);
    private readonly Counter<long> errors;
    private readonly Histogram<double> duration;
    private readonly UpDownCounter<long> openStreams;
    private readonly Counter<long> streamMessages;
    private readonly UpDownCounter<long> openWatches;
    private readonly Counter<long> watchedChanges;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter(
            "mcu.gateway.decisions", decisions.Observe, "{decision}", "Routing decisions made (unary and stream), by handler and reason.");
        meter.CreateObservableCounter(
            "mcu.gateway.dry_run_decisions", dryRunDecisions.Observe, "{decision}", "Dry-run decisions (nothing changed), by handler and reason; not in mcu.gateway.decisions.");
        errors = meter.CreateCounter<long>(
            "mcu.gateway.routing.errors", "{error}", "Messages answered with an error instead of a decision, by Salesforce error code.");
        duration = meter.CreateHistogram<double>(
            "mcu.gateway.routing.duration",
            "s",
            "Time from the request reaching the routing service to its decision (or error), by direction.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        openStreams = meter.CreateUpDownCounter<long>(
            "mcu.gateway.route_stream.active", "{stream}", "RouteStream calls open right now.");
        streamMessages = meter.CreateCounter<long>(
            "mcu.gateway.route_stream.messages", "{message}", "Requests received on RouteStream calls.");
        openWatches = meter.CreateUpDownCounter<long>(
            "mcu.gateway.watch_changes.active", "{call}", "WatchChanges calls open right now.");
        watchedChanges = meter.CreateCounter<long>(
            "mcu.gateway.watch_changes.events", "{event}", "Change events handed to WatchChanges calls (each one is written before the next is read).");
    }

    /// <summary>
    /// A decision was made: one count by handler/reason (dry runs in their own counter, so real
    /// traffic stays apart from what-ifs) and its latency since <paramref name="started"/>.
    /// </summary>
    public void Decided(Handler handler, RoutingReason reason, bool inbound, bool dryRun, long started)
    {
        (dryRun ? dryRunDecisions : decisions).Add((int)handler, (int)reason);
        RecordDuration(inbound, started);
    }

    /// <summary>
    /// A message was answered with an error. <paramref name="code"/> is one of the Salesforce code
    /// constants (ErrorCodes), so the label's values stay few.
    /// </summary>
    public void Failed(string code, bool inbound, long started)
    {
        if (errors.Enabled)
        {
            errors.Add(1, new KeyValuePair<string, object?>(ErrorCodeTag, code));
        }

        RecordDuration(inbound, started);
    }

    public void StreamOpened() => openStreams.Add(1);

    public void StreamClosed() => openStreams.Add(-1);

    public void StreamMessageReceived() => streamMessages.Add(1);

    public void WatchOpened() => openWatches.Add(1);

    public void WatchClosed() => openWatches.Add(-1);

    public void ChangeWatched() => watchedChanges.Add(1);

    /// <summary>The start of a measured call: <c>var started = GatewayMetrics.Start();</c>.</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    private void RecordDuration(bool inbound, long started)
    {
        if (duration.Enabled)
        {
            duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, inbound ? Inbound : Outbound);
        }
    }

    /// <summary>
    /// One pre-built tag per value of the domain enum, indexed by the value; spelled as the contract
    /// spells it (HANDLER_OMNI_CHANNEL), as mcu and JSON do. The numbers are shared (EnumMapping).
    /// </summary>
    private static KeyValuePair<string, object?>[] EnumTags<TDomain, TProto>(string key)
        where TDomain : struct, Enum
        where TProto : struct, Enum
    {
        var names = Proto.ContractEnumNames.Table<TProto>();
        var values = Enum.GetValues<TDomain>().Select(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var table = new KeyValuePair<string, object?>[values.Max() + 1];
        foreach (var value in values)
        {
            table[value] = new(key, Proto.ContractEnumNames.Of(names, value));
        }

        return table;
    }
}
