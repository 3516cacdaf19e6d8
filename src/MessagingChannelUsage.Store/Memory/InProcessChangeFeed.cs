using System.Collections.Immutable;
using MessagingChannelUsage.Store.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MessagingChannelUsage.Store.Memory;

/// <summary>
/// Change notifications inside one process. Subscribers are called synchronously on the writer's
/// thread after the write (outside the store's locks); a failing subscriber is logged, not rethrown.
/// </summary>
public sealed class InProcessChangeFeed : IChannelChangeFeed
{
    private readonly ILogger logger;
    private ImmutableArray<Action<ChannelChange>> subscribers = [];

    public InProcessChangeFeed(ILogger<InProcessChangeFeed>? logger = null)
    {
        this.logger = logger ?? NullLogger<InProcessChangeFeed>.Instance;
    }

    public IDisposable Subscribe(Action<ChannelChange> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        ImmutableInterlocked.Update(ref subscribers, static (list, item) => list.Add(item), onChange);
        return new Subscription(this, onChange);
    }

    /// <summary>Calls every subscriber with <paramref name="change"/>.</summary>
    public void Publish(ChannelChange change)
    {
        // An ImmutableArray is one array reference: reading it is atomic, and ImmutableInterlocked swaps it.
        foreach (var subscriber in subscribers)
        {
            try
            {
                subscriber(change);
            }
#pragma warning disable CA1031 // one broken subscriber must not stop the others or fail the write
            catch (Exception ex)
#pragma warning restore CA1031
            {
                StoreLog.ChangeSubscriberFailed(logger, change.ChannelId, ex);
            }
        }
    }

    private sealed class Subscription(InProcessChangeFeed feed, Action<ChannelChange> onChange) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                ImmutableInterlocked.Update(ref feed.subscribers, static (list, item) => list.Remove(item), onChange);
            }
        }
    }
}
