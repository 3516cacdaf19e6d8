using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MessagingChannelUsage.Gateway.Hosting;
using MessagingChannelUsage.Gateway.Telemetry;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Store.Abstractions;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Usages;

/// <summary>
/// WatchChanges (domain.md §10) for the usage service: reads the store's change log in batches
/// and yields each change; the next batch is read only after the caller took the last one, so a
/// slow watcher slows its own reads (gRPC/HTTP/2 flow control holds the writer) and nothing is
/// buffered for it. Between batches it sleeps until the store announces a change (its change
/// feed: pub/sub on Redis) or the poll interval passes (a missed announcement costs one interval,
/// never a change). At most <see cref="GatewayOptions.MaxWatchersPerCaller"/> watches per caller.
/// </summary>
internal sealed class ChangeWatch(IChangeLog log, IChannelChangeFeed feed, IOptions<GatewayOptions> options, GatewayMetrics metrics)
{
    /// <summary>Changes read per store call.</summary>
    public const int BatchSize = 100;

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, int> watchers = new(StringComparer.Ordinal);

    public async IAsyncEnumerable<StoredChange> WatchAsync(
        string caller, string? resumeToken, IReadOnlySet<string> channelIds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Enter(caller);
        metrics.WatchOpened();
        try
        {
            var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
            using var subscription = feed.Subscribe(change =>
            {
                if (change.ChannelId is null || channelIds.Count == 0 || channelIds.Contains(change.ChannelId))
                {
                    wake.Writer.TryWrite(true);
                }
            });
            var cursor = await log.OpenAsync(resumeToken, channelIds, cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                var batch = await cursor.ReadAsync(BatchSize, cancellationToken);
                foreach (var change in batch)
                {
                    metrics.ChangeWatched();
                    yield return change;
                }

                if (batch.Count < BatchSize)
                {
                    await WaitAsync(wake.Reader, cancellationToken);
                }
            }
        }
        finally
        {
            metrics.WatchClosed();
            Leave(caller);
        }
    }

    private static async Task WaitAsync(ChannelReader<bool> wake, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PollInterval);
        try
        {
            await wake.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed without an announcement: read anyway.
        }
    }

    private void Enter(string caller)
    {
        var max = options.Value.MaxWatchersPerCaller;
        var count = watchers.AddOrUpdate(caller, 1, (_, n) => n + 1);
        if (count > max)
        {
            Leave(caller);
            throw new DomainException(
                ErrorKind.ResourceExhausted,
                ErrorCodes.RequestLimitExceeded,
                null,
                $"This caller already has {max} WatchChanges calls open (Gateway:MaxWatchersPerCaller); close one first.");
        }
    }

    private void Leave(string caller)
    {
        if (watchers.AddOrUpdate(caller, 0, (_, n) => n - 1) <= 0)
        {
            watchers.TryRemove(KeyValuePair.Create(caller, 0));
        }
    }
}
