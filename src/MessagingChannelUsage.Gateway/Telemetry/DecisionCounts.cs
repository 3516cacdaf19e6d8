using System.Diagnostics.Metrics;

namespace MessagingChannelUsage.Gateway.Telemetry;

/// <summary>
/// Running totals of decisions per (handler, reason), read by an observable counter. Counting is
/// one <see cref="Interlocked.Increment(ref long)"/> of a fixed slot; the tags are only attached
/// when the SDK collects (on a scrape or an export), so a message pays no tag lookup. A value
/// outside the tables counts in the "unknown" slot, labelled as such.
/// </summary>
internal sealed class DecisionCounts
{
    private readonly KeyValuePair<string, object?>[] handlerTags;
    private readonly KeyValuePair<string, object?>[] reasonTags;
    private readonly KeyValuePair<string, object?> unknownHandler;
    private readonly KeyValuePair<string, object?> unknownReason;
    private readonly int handlers;
    private readonly int reasons;

    /// <summary>(handlers + 1) × (reasons + 1) slots; the last handler and the last reason are "unknown".</summary>
    private readonly long[] counts;

    public DecisionCounts(
        KeyValuePair<string, object?>[] handlerTags,
        KeyValuePair<string, object?>[] reasonTags,
        KeyValuePair<string, object?> unknownHandler,
        KeyValuePair<string, object?> unknownReason)
    {
        ArgumentNullException.ThrowIfNull(handlerTags);
        ArgumentNullException.ThrowIfNull(reasonTags);
        this.handlerTags = handlerTags;
        this.reasonTags = reasonTags;
        this.unknownHandler = unknownHandler;
        this.unknownReason = unknownReason;
        handlers = handlerTags.Length + 1;
        reasons = reasonTags.Length + 1;
        counts = new long[handlers * reasons];
    }

    public void Add(int handler, int reason)
        => Interlocked.Increment(ref counts[(Slot(handler, handlerTags) * reasons) + Slot(reason, reasonTags)]);

    /// <summary>Every (handler, reason) counted so far with its total; pairs never counted are left out, as a counter leaves them out.</summary>
    public IEnumerable<Measurement<long>> Observe()
    {
        for (var handler = 0; handler < handlers; handler++)
        {
            for (var reason = 0; reason < reasons; reason++)
            {
                var total = Interlocked.Read(ref counts[(handler * reasons) + reason]);
                if (total > 0)
                {
                    yield return new Measurement<long>(total, Tag(handlerTags, handler, unknownHandler), Tag(reasonTags, reason, unknownReason));
                }
            }
        }
    }

    /// <summary>The value's own slot, or the last one ("unknown") for a value the table does not name.</summary>
    private static int Slot(int value, KeyValuePair<string, object?>[] table)
        => (uint)value < (uint)table.Length && table[value].Key is not null ? value : table.Length;

    private static KeyValuePair<string, object?> Tag(KeyValuePair<string, object?>[] table, int slot, KeyValuePair<string, object?> unknown)
        => slot < table.Length ? table[slot] : unknown;
}
