using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>
/// The reply objects of one RouteStream, reused once written: a reply is serialized into the
/// response when its write completes, so the object can carry a later answer (issue 12: the
/// reply was ~120 bytes per streamed item, ~20 % of the gateway's bytes per item on the embedded
/// store). <see cref="RoutingMapping.ToProto(in RoutedMessage, RoutingDecision)"/> overwrites every
/// field of a decision. Error items are never kept. Items may be mapped on other threads than the
/// stream's loop (an item that waited for the store), so renting and returning take a lock.
/// </summary>
internal sealed class StreamReplies(int capacity)
{
    private readonly Lock gate = new();
    private readonly RoutingDecision?[] kept = new RoutingDecision?[capacity];
    private int count;

    /// <summary>A reply written earlier, or a new one.</summary>
    public RoutingDecision Rent()
    {
        lock (gate)
        {
            if (count > 0)
            {
                var reply = kept[--count]!;
                kept[count] = null;
                return reply;
            }
        }

        return new RoutingDecision();
    }

    /// <summary>Keeps a reply whose write completed (nothing holds it any more), unless it is an error item or the pool is full.</summary>
    public void Return(RoutingDecision reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.Error is not null)
        {
            return;
        }

        lock (gate)
        {
            if (count < kept.Length)
            {
                kept[count++] = reply;
            }
        }
    }
}
