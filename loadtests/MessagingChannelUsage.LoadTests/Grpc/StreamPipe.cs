using System.Threading.Channels;
using Grpc.Core;

namespace MessagingChannelUsage.LoadTests.Grpc;

/// <summary>
/// One long-lived bidirectional stream shared by several concurrent senders. The server answers
/// in request order, so a FIFO of pending completions matches each answer to its request. Writes
/// go through a single writer loop (gRPC forbids concurrent writes), which also batches them.
/// A broken stream fails what is pending and is reopened on the next send.
/// </summary>
public sealed class StreamPipe<TRequest, TResponse> : IAsyncDisposable
    where TRequest : class
    where TResponse : class
{
    private readonly Func<CancellationToken, AsyncDuplexStreamingCall<TRequest, TResponse>> open;
    private readonly Lock gate = new();
    private readonly CancellationToken lifetime;
    private Connection? connection;

    public StreamPipe(Func<CancellationToken, AsyncDuplexStreamingCall<TRequest, TResponse>> open, CancellationToken lifetime)
    {
        this.open = open;
        this.lifetime = lifetime;
    }

    /// <summary>Sends one request and completes with its answer.</summary>
    public Task<TResponse> SendAsync(TRequest request)
    {
        var connection = Current();
        var pending = new TaskCompletionSource<TResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!connection.Outbox.Writer.TryWrite((request, pending)))
        {
            pending.TrySetException(new RpcException(new Status(StatusCode.Unavailable, "stream closed")));
        }

        return pending.Task;
    }

    private Connection Current()
    {
        lock (gate)
        {
            if (this.connection is null || this.connection.Broken)
            {
                this.connection = new Connection(this.open(this.lifetime), this.lifetime);
            }

            return this.connection;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Connection? connection;
        lock (gate)
        {
            connection = this.connection;
            this.connection = null;
        }

        if (connection is not null)
        {
            await connection.CloseAsync();
        }
    }

    private sealed class Connection
    {
        private readonly AsyncDuplexStreamingCall<TRequest, TResponse> call;
        private readonly System.Collections.Concurrent.ConcurrentQueue<TaskCompletionSource<TResponse>> inFlight = new();
        private readonly Task writer;
        private readonly Task reader;
        private volatile bool broken;

        public Connection(AsyncDuplexStreamingCall<TRequest, TResponse> call, CancellationToken lifetime)
        {
            this.call = call;
            this.writer = WriteLoopAsync(lifetime);
            reader = ReadLoopAsync(lifetime);
        }

        public Channel<(TRequest Request, TaskCompletionSource<TResponse> Pending)> Outbox { get; } =
            Channel.CreateUnbounded<(TRequest, TaskCompletionSource<TResponse>)>(new UnboundedChannelOptions { SingleReader = true });

        public bool Broken => this.broken;

        public async Task CloseAsync()
        {
            Outbox.Writer.TryComplete();
            await this.writer;
            await Task.WhenAny(reader, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
            this.call.Dispose();
            Fail(new RpcException(new Status(StatusCode.Cancelled, "stream closed")));
        }

        private async Task WriteLoopAsync(CancellationToken lifetime)
        {
            try
            {
                await foreach (var (request, pending) in Outbox.Reader.ReadAllAsync(lifetime))
                {
                    inFlight.Enqueue(pending);
                    await this.call.RequestStream.WriteAsync(request, lifetime);
                }

                await this.call.RequestStream.CompleteAsync();
            }
#pragma warning disable CA1031 // Any write failure breaks this stream; senders get the error.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Break(e);
            }
        }

        private async Task ReadLoopAsync(CancellationToken lifetime)
        {
            try
            {
                await foreach (var response in this.call.ResponseStream.ReadAllAsync(lifetime))
                {
                    if (inFlight.TryDequeue(out var pending))
                    {
                        pending.TrySetResult(response);
                    }
                }

                Break(new RpcException(new Status(StatusCode.Unavailable, "the server ended the stream")));
            }
#pragma warning disable CA1031 // Any read failure breaks this stream; senders get the error.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Break(e);
            }
        }

        private void Break(Exception error)
        {
            this.broken = true;
            Outbox.Writer.TryComplete();
            Fail(error);
            while (Outbox.Reader.TryRead(out var item))
            {
                item.Pending.TrySetException(error);
            }
        }

        private void Fail(Exception error)
        {
            while (inFlight.TryDequeue(out var pending))
            {
                pending.TrySetException(error);
            }
        }
    }
}
