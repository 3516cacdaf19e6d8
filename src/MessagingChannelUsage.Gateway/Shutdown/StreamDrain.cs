using MessagingChannelUsage.Gateway.Telemetry;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Shutdown;

/// <summary>
/// Graceful shutdown of the routing streams. From ApplicationStopping on (SIGTERM → host
/// StopAsync) health is NOT_SERVING (<see cref="Hosting.LifecycleHealthCheck"/>), Kestrel stops
/// accepting new calls and waits for in-flight ones. Open RouteStream calls keep reading for
/// <see cref="ShutdownOptions.StreamDrainTimeout"/>; then their reads are cancelled (never the
/// routing of a request already read) and they end with UNAVAILABLE.
/// </summary>
internal sealed class StreamDrain : IHostedService, IDisposable
{
    private readonly IHostApplicationLifetime lifetime;
    private readonly ShutdownOptions options;
    private readonly GatewayMetrics metrics;
    private readonly ILogger<StreamDrain> logger;
    private readonly CancellationTokenSource readsEnd;
    private CancellationTokenRegistration stopping;
    private int open;

    public StreamDrain(
        IHostApplicationLifetime lifetime,
        IOptions<ShutdownOptions> options,
        GatewayMetrics metrics,
        TimeProvider time,
        ILogger<StreamDrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.lifetime = lifetime;
        this.options = options.Value;
        this.metrics = metrics;
        this.logger = logger;
        readsEnd = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
    }

    /// <summary>RouteStream calls open right now.</summary>
    public int OpenStreams => Volatile.Read(ref open);

    /// <summary>True once shutdown began.</summary>
    public bool Stopping => lifetime.ApplicationStopping.IsCancellationRequested;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        stopping = lifetime.ApplicationStopping.Register(OnStopping);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Registers a RouteStream call; dispose the lease when the call ends.</summary>
    public StreamLease Open(CancellationToken requestAborted)
    {
        Interlocked.Increment(ref open);
        metrics.StreamOpened();
        return new StreamLease(this, requestAborted);
    }

    public void Dispose()
    {
        stopping.Dispose();
        readsEnd.Dispose();
    }

    private void OnStopping()
    {
        OperabilityLog.HealthNotServing(logger);
        OperabilityLog.DrainStarted(logger, OpenStreams, options.StreamDrainTimeout, options.ShutdownTimeout);
        readsEnd.CancelAfter(options.StreamDrainTimeout);
    }

    private void Closed()
    {
        metrics.StreamClosed();
        if (Interlocked.Decrement(ref open) == 0 && Stopping)
        {
            OperabilityLog.StreamsDrained(logger);
        }
    }

    /// <summary>One open RouteStream call: the token its reads use, and whether the drain ended it.</summary>
    public sealed class StreamLease : IDisposable
    {
        private readonly StreamDrain drain;
        private readonly CancellationToken requestAborted;
        private readonly CancellationTokenSource reads;

        internal StreamLease(StreamDrain drain, CancellationToken requestAborted)
        {
            this.drain = drain;
            this.requestAborted = requestAborted;
            reads = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, drain.readsEnd.Token);
        }

        /// <summary>Cancelled when the client goes away or the drain timeout passed.</summary>
        public CancellationToken ReadToken => reads.Token;

        /// <summary>True when reads stopped because of the drain (not because the client left).</summary>
        public bool DrainExpired => drain.readsEnd.IsCancellationRequested && !requestAborted.IsCancellationRequested;

        /// <summary>Logs that this stream was cut by the drain after answering <paramref name="answered"/> requests.</summary>
        public void ReportDrainExpired(long answered) => OperabilityLog.StreamDrainExpired(drain.logger, answered);

        public void Dispose()
        {
            reads.Dispose();
            drain.Closed();
        }
    }
}
