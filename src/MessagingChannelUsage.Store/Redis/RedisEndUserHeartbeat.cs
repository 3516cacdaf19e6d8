using System.Globalization;
using MessagingChannelUsage.Store.Caching;
using MessagingChannelUsage.Store.Telemetry;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// Proves the end-user invalidation link live (<c>Store:EndUserCacheHeartbeat</c>), so the near
/// cache's staleness is bounded by <c>Store:EndUserCacheHeartbeatTimeout</c> rather than by its
/// time-to-live. Every interval this instance PUBLISHes a numbered heartbeat ("round") through its
/// interactive connection, once on every primary, on the end-user change channel itself; the change
/// feed hands each one back here as it arrives through the subscription. The cache serves only until
/// the send time of the last accepted round plus the timeout (<see cref="EndUserNearCache.ServeUntil"/>,
/// checked on every lookup). Argument in full: docs/performance.md, "The end-user near cache".
/// <list type="bullet">
/// <item>Order: a node appends a PUBLISH to each subscriber's output in execution order, and the feed
///   reads its subscription through an ordered <see cref="ChannelMessageQueue"/>. So when a round
///   is accepted, every invalidation executed on each node before that node's copy of the round has
///   been applied: a write whose PUBLISH ran before the round was sent is never served stale after
///   the round is accepted, and no write is served stale longer than the timeout.</item>
/// <item>Loss: while serving, rounds must be accepted in sequence; a round that never completes
///   (a node's copy lost, a PUBLISH that failed, a node unreachable) stalls the sequence until the
///   deadline passes, and then the cache is suspended and flushed.</item>
/// <item>Resumption: after a suspension (late heartbeat, lost or re-made subscription) only a round
///   sent after it can resume the cache, and resuming flushes it first.</item>
/// </list>
/// A heartbeat looks like an end-user key of the channel id <see cref="ChannelId"/>, which no channel
/// can have (ids are base-62), so instances of the previous version, which read every message on the
/// channel as an end-user key and flush on anything else, merely drop an entry they never hold.
/// </summary>
internal sealed class RedisEndUserHeartbeat : IAsyncDisposable
{
    /// <summary>The channel-id part of every heartbeat message ("~" never occurs in a Salesforce id).</summary>
    internal const string ChannelId = "~hb";

    private readonly object gate = new();
    private readonly Dictionary<long, Round> pending = [];
    private readonly EndUserNearCache cache;
    private readonly TimeProvider time;
    private readonly TimeSpan interval;
    private readonly long timeoutMilliseconds;
    private readonly StoreMetrics? metrics;
    private readonly ILogger logger;
    private readonly string channelName;
    private readonly string anyPrefix;
    private readonly string ownPrefix;
    private readonly CancellationTokenSource stopping = new();
    private IConnectionMultiplexer? connection;
    private Task? loop;
    private long nextRound;
    private long publishesSent;
    private long acceptFrom;
    private long lastAccepted = -1;
    private bool subscribed;
    private bool live;
    private long deadline;

    public RedisEndUserHeartbeat(
        RedisKeys keys, EndUserNearCache cache, TimeSpan interval, TimeSpan timeout, TimeProvider time, StoreMetrics? metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(keys);
        this.cache = cache;
        this.time = time;
        this.interval = interval;
        timeoutMilliseconds = (long)timeout.TotalMilliseconds;
        this.metrics = metrics;
        this.logger = logger;
        channelName = keys.EndUserChangesChannelName;
        anyPrefix = keys.EndUserHeartbeatPrefix;
        Instance = Guid.NewGuid().ToString("N");
        ownPrefix = anyPrefix + Instance + ":";
    }

    /// <summary>This instance's heartbeat id (each instance accepts only its own rounds).</summary>
    public string Instance { get; }

    /// <summary>Rounds sent so far (numbered from 0; each is one PUBLISH per primary). A round numbered at least this is sent after now.</summary>
    public long RoundsSent => Interlocked.Read(ref nextRound);

    /// <summary>Heartbeat PUBLISHes sent so far (one per primary per round): cost measurements subtract them.</summary>
    public long PublishesSent => Interlocked.Read(ref publishesSent);

    /// <summary>
    /// Called with each round as it is accepted, on the thread that accepted it, before the next
    /// message is handled: lets a test look at the cache at exactly that moment.
    /// </summary>
    internal Action<long>? RoundAccepted { get; set; }

    /// <summary>The last round accepted while serving (-1 while suspended): every invalidation published before it was sent has been applied.</summary>
    public long AcceptedThrough
    {
        get
        {
            lock (gate)
            {
                return live ? lastAccepted : -1;
            }
        }
    }

    /// <summary>Starts sending rounds every interval (they count once the subscription is confirmed: <see cref="LinkUp"/>).</summary>
    public void Start(IConnectionMultiplexer multiplexer)
    {
        connection = multiplexer;
        // The serving gauge exists (at 0) from the start: an instance that never served must show.
        metrics?.EndUserCacheServing(0);
        loop ??= RunAsync(stopping.Token);
    }

    /// <summary>The subscription is confirmed on the server: rounds sent from now on can resume the cache.</summary>
    public void LinkUp()
    {
        lock (gate)
        {
            subscribed = true;
            RestartSequence();
        }

        Tick();
    }

    /// <summary>The subscription is lost or being re-made: suspend and flush; nothing sent before now counts.</summary>
    public void LinkDown(string cause)
    {
        lock (gate)
        {
            subscribed = false;
            Suspend(cause);
        }
    }

    /// <summary>
    /// Called by the change feed for every message, in arrival order. True when it is a heartbeat
    /// (of any instance: the others' are ignored), false when it is something else.
    /// </summary>
    public bool TryHandle(string message)
    {
        if (!message.StartsWith(anyPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (message.StartsWith(ownPrefix, StringComparison.Ordinal) && TryParse(message.AsSpan(ownPrefix.Length), out var round, out var node))
        {
            Arrived(round, node);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (loop is not null)
        {
            await loop;
        }

        lock (gate)
        {
            subscribed = false;
            Suspend(SuspensionCause.Stopped);
        }

        stopping.Dispose();
    }

    /// <summary>Parses "round:node", the tail of this instance's heartbeat.</summary>
    private static bool TryParse(ReadOnlySpan<char> text, out long round, out int node)
    {
        round = 0;
        node = 0;
        var colon = text.IndexOf(':');
        return colon > 0
            && long.TryParse(text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out round)
            && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out node);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Tick();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    /// <summary>Suspends the cache if the last accepted round is too old, then sends the next round.</summary>
    private void Tick()
    {
        if (connection is not { } multiplexer)
        {
            return;
        }

        var now = cache.ClockMilliseconds;
        long round;
        IServer[] primaries;
        lock (gate)
        {
            // A round older than the timeout can neither extend nor resume serving: forget it.
            foreach (var old in pending.Where(p => p.Value.SentAt + timeoutMilliseconds <= now).Select(p => p.Key).ToList())
            {
                pending.Remove(old);
            }

            if (live && now >= deadline)
            {
                Suspend(SuspensionCause.HeartbeatLate);
            }

            if (!subscribed)
            {
                return;
            }

            // Every primary can run a script that publishes an invalidation (on a cluster, each
            // end user's node): the round proves each node's path, so it goes to each of them.
            primaries = [.. multiplexer.GetServers().Where(s => s.IsConnected && !s.IsReplica)];
            if (primaries.Length == 0)
            {
                return;
            }

            round = nextRound;
            Interlocked.Increment(ref nextRound);
            pending[round] = new Round(now, primaries.Length);
        }

        for (var node = 0; node < primaries.Length; node++)
        {
            _ = PublishAsync(primaries[node], string.Concat(ownPrefix, round.ToString(CultureInfo.InvariantCulture), ":", node.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private async Task PublishAsync(IServer server, string message)
    {
        try
        {
            Interlocked.Increment(ref publishesSent);
            await server.ExecuteAsync("PUBLISH", channelName, (RedisValue)message);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // This round never completes: the sequence stalls and the deadline suspends the cache.
            StoreLog.HeartbeatPublishFailed(logger, server.EndPoint, ex);
        }
    }

    private void Arrived(long round, int node)
    {
        lock (gate)
        {
            if (!subscribed || round < acceptFrom || !pending.TryGetValue(round, out var arrived) || !arrived.Arrive(node))
            {
                return;
            }

            if (!live)
            {
                if (arrived.SentAt + timeoutMilliseconds <= cache.ClockMilliseconds)
                {
                    return; // Too late to serve on: wait for a newer round.
                }

                // A round sent after the suspension came back, through the current subscription:
                // drop everything kept from before, then serve again.
                foreach (var older in pending.Keys.Where(r => r <= round).ToList())
                {
                    pending.Remove(older);
                }

                lastAccepted = round;
                deadline = arrived.SentAt + timeoutMilliseconds;
                cache.ServeUntil(deadline);
                cache.Resume();
                live = true;
                metrics?.EndUserCacheServing(1);
                StoreLog.EndUserCacheResumed(logger);
                RoundAccepted?.Invoke(round);
                return;
            }

            // Serving: accept in sequence only, so a lost round is never skipped over.
            while (pending.TryGetValue(lastAccepted + 1, out var next) && next.Complete)
            {
                pending.Remove(lastAccepted + 1);
                lastAccepted++;
                deadline = next.SentAt + timeoutMilliseconds;
                cache.ServeUntil(deadline);
                RoundAccepted?.Invoke(lastAccepted);
            }
        }
    }

    private void Suspend(string cause)
    {
        cache.Suspend();
        RestartSequence();
        if (live)
        {
            live = false;
            metrics?.EndUserCacheServing(-1);
            metrics?.EndUserCacheSuspended(cause);
            StoreLog.EndUserCacheSuspended(logger, cause);
        }
    }

    private void RestartSequence()
    {
        pending.Clear();
        acceptFrom = Interlocked.Read(ref nextRound);
    }

    /// <summary>Why the cache stopped serving (the <c>cause</c> label of the suspensions counter).</summary>
    internal static class SuspensionCause
    {
        public const string HeartbeatLate = "heartbeat_late";
        public const string ConnectionFailed = "connection_failed";
        public const string Resubscribing = "resubscribing";
        public const string Stopped = "stopped";
    }

    private sealed class Round(long sentAt, int nodes)
    {
        private readonly bool[] arrived = new bool[nodes];
        private int remaining = nodes;

        public long SentAt { get; } = sentAt;

        public bool Complete => remaining == 0;

        /// <summary>True when this arrival completed the round.</summary>
        public bool Arrive(int node)
        {
            if ((uint)node >= (uint)arrived.Length || arrived[node])
            {
                return false;
            }

            arrived[node] = true;
            return --remaining == 0;
        }
    }
}
