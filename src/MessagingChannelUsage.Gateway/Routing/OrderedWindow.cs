using System.Runtime.ExceptionServices;

namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>Gives the ordering key of a request, or false when it has none (it then waits for no one).</summary>
internal delegate bool OrderingKeySelector<in TRequest, TKey>(TRequest request, out TKey key);

/// <summary>
/// Processes the items of one stream concurrently and writes their results in request order.
/// <list type="bullet">
/// <item>At most <see cref="Size"/> items are started and not yet written; while the window is
/// full nothing more is read (backpressure: a slow writer stops reading).</item>
/// <item>An item whose key equals the key of an earlier unwritten item starts only after that
/// item completed, so the side effects of one key never reorder.</item>
/// <item>An exception the error factory turns into a result is written in the item's place;
/// any other exception ends the run at the item's position (after the earlier results).</item>
/// <item>When reading stops with an exception (e.g. the drain timeout cancelled it), every item
/// already read is still processed and written, then the exception is thrown.</item>
/// <item>Results that are ready together are written together and flushed once: a result is
/// written without a flush when the next one is already there, and with a flush before the run
/// waits (for a request or a result) and at least once per <see cref="Size"/> writes (a flush
/// waits while the client does not read, which is what stops a stream whose client stalls).</item>
/// </list>
/// One loop reads, starts and writes, so nothing here is shared between threads but the items'
/// own tasks: an item that completes at once (in-process store, warm near cache) costs no lock,
/// no queue hand-over and no task. Size 1 is strictly sequential. With an <see cref="IWindowBatch"/>
/// the loop starts each item inside it and sends it before it waits or flushes, so the items
/// started between two waits share it (RouteStream: one batched read of their end users).
/// One instance per stream; <see cref="RunAsync"/> runs once.
/// </summary>
internal sealed class OrderedWindow<TRequest, TKey, TResult>
    where TKey : notnull
{
    private readonly OrderingKeySelector<TRequest, TKey> keyOf;
    private readonly Func<TRequest, long, CancellationToken, ValueTask<TResult>> process;
    private readonly Func<TRequest, long, Exception, TResult?> errorItem;
    private readonly IWindowBatch? batch;

    // Items started and not yet written, oldest first. Only the loop touches it.
    private readonly Queue<Entry> unwritten;

    // The last unwritten item of each key that had not completed when it started (only the loop
    // touches it); items that complete at once never enter it.
    private readonly Dictionary<TKey, Task<TResult>> lastOfKey;
    private long written;

    // The write side (only the loop touches it): the last result, held until it is known whether
    // another follows at once, and the writes since the last flush.
    private TResult? held;
    private bool holding;
    private int unflushed;

    /// <param name="size">Items in flight at most (1 … any).</param>
    /// <param name="keyOf">The ordering key of a request.</param>
    /// <param name="process">Processes one request (its 0-based index in the stream).</param>
    /// <param name="errorItem">Turns an exception of <paramref name="process"/> into a result, or null to end the run with it.</param>
    /// <param name="batch">Shared by the items started between two waits (optional).</param>
    public OrderedWindow(
        int size,
        OrderingKeySelector<TRequest, TKey> keyOf,
        Func<TRequest, long, CancellationToken, ValueTask<TResult>> process,
        Func<TRequest, long, Exception, TResult?> errorItem,
        IWindowBatch? batch = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        this.keyOf = keyOf;
        this.process = process;
        this.errorItem = errorItem;
        this.batch = batch;
        unwritten = new Queue<Entry>(Math.Min(size, 64));
        lastOfKey = new Dictionary<TKey, Task<TResult>>(Math.Min(size, 64));
    }

    public int Size { get; }

    /// <summary>Results written so far.</summary>
    public long Written => Interlocked.Read(ref written);

    /// <summary>
    /// Reads with <paramref name="moveNext"/> / <paramref name="current"/> until the end (or an
    /// exception) and writes each result with <paramref name="write"/>, awaiting every write. The
    /// write's flag says another result follows at once (the write need not flush).
    /// </summary>
    /// <param name="moveNext">Advances to the next request; false at the end of the stream.</param>
    /// <param name="current">The request moved to.</param>
    /// <param name="write">Writes one result; its flag is true when the next result follows at once.</param>
    /// <param name="readToken">Cancels reading only; items already read are still processed and written.</param>
    /// <param name="cancellationToken">Cancels everything (the call is gone).</param>
    public async Task RunAsync(
        Func<CancellationToken, Task<bool>> moveNext,
        Func<TRequest> current,
        Func<TResult, bool, Task> write,
        CancellationToken readToken,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(moveNext);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(write);
        using var failed = new CancellationTokenSource();
        using var reads = CancellationTokenSource.CreateLinkedTokenSource(readToken, failed.Token);
        Task<bool>? read = null;
        Exception? readFailure = null;
        var reading = true;
        long index = 0;
        try
        {
            while (true)
            {
                // Every result that is ready, in order.
                while (unwritten.TryPeek(out var head) && head.IsCompleted)
                {
                    TResult result;
                    try
                    {
                        // Completed: no wait.
                        result = head.Pending is null ? head.Value! : await head.Pending;
                    }
                    catch (Exception exception)
                    {
                        // An item's exception becomes its error item here, when it is written,
                        // so an item that does not complete at once needs no wrapper task.
                        if (errorItem(head.Request!, head.Index, exception) is not { } item)
                        {
                            // It ends the run: the results before it go first.
                            await FlushAsync(write);
                            throw;
                        }

                        result = item;
                    }

                    unwritten.Dequeue();
                    Forget(head);
                    await AddAsync(write, result);
                }

                if (reading && unwritten.Count < Size)
                {
                    read ??= ReadAsync(moveNext, reads.Token);
                    if (read.IsCompleted)
                    {
                        var more = false;
                        try
                        {
                            more = await read;
                        }
                        catch (Exception exception)
                        {
                            // Reading is over; what was read is still routed and written.
                            readFailure = exception;
                        }

                        read = null;
                        reading = more;
                        if (more)
                        {
                            unwritten.Enqueue(StartInBatch(current(), index++, cancellationToken));
                        }

                        continue;
                    }
                }

                if (unwritten.Count == 0 && !reading)
                {
                    break;
                }

                // Nothing more can happen at once: send what the items started since the last
                // wait queued and what was written, then wait for the oldest item, or for the
                // next request while the window has room.
                batch?.Send();
                await FlushAsync(write);
                if (unwritten.Count == 0)
                {
                    await ((Task)read!).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
                else if (read is null)
                {
                    await ((Task)unwritten.Peek().Pending!).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
                else
                {
                    await Task.WhenAny(read, unwritten.Peek().Pending!);
                }
            }

            await FlushAsync(write);
        }
        catch
        {
            // The stream failed: stop reading, and let the items in flight finish before the
            // call ends so nothing of this stream changes state after its status was sent.
            batch?.Send();
            await failed.CancelAsync();
            if (read is not null)
            {
                await ((Task)read).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            while (unwritten.TryDequeue(out var entry))
            {
                if (entry.Pending is { } pending)
                {
                    await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }

            throw;
        }

        // Everything read was written; a read that ended with an exception ends the run with it.
        if (readFailure is not null)
        {
            ExceptionDispatchInfo.Throw(readFailure);
        }
    }

    /// <summary>
    /// Writes the result held so far without a flush (this one follows at once), unless a
    /// window's worth went unflushed; then holds this one until it is known what follows.
    /// </summary>
    private async ValueTask AddAsync(Func<TResult, bool, Task> write, TResult result)
    {
        if (holding)
        {
            await WriteHeldAsync(write, more: ++unflushed < Size);
        }

        held = result;
        holding = true;
    }

    /// <summary>Writes the held result with a flush.</summary>
    private ValueTask FlushAsync(Func<TResult, bool, Task> write)
        => holding ? WriteHeldAsync(write, more: false) : ValueTask.CompletedTask;

    private async ValueTask WriteHeldAsync(Func<TResult, bool, Task> write, bool more)
    {
        var result = held!;
        held = default;
        holding = false;
        if (!more)
        {
            // A flush may wait (a client that does not read): what the items queued goes first.
            batch?.Send();
            unflushed = 0;
        }

        await write(result, more);
        Interlocked.Increment(ref written);
    }

    /// <summary>One read; a read that throws at once still returns a (faulted) task.</summary>
    private static Task<bool> ReadAsync(Func<CancellationToken, Task<bool>> moveNext, CancellationToken readToken)
    {
        try
        {
            return moveNext(readToken);
        }
        catch (Exception exception)
        {
            return Task.FromException<bool>(exception);
        }
    }

    private Entry StartInBatch(TRequest request, long index, CancellationToken cancellationToken)
    {
        if (batch is null)
        {
            return Start(request, index, cancellationToken);
        }

        batch.Enter();
        try
        {
            return Start(request, index, cancellationToken);
        }
        finally
        {
            batch.Exit();
        }
    }

    private Entry Start(TRequest request, long index, CancellationToken cancellationToken)
    {
        var hasKey = keyOf(request, out var key);
        ValueTask<TResult> pending;
        if (hasKey && lastOfKey.Count > 0 && lastOfKey.TryGetValue(key, out var previous) && !previous.IsCompleted)
        {
            pending = new ValueTask<TResult>(After(previous, request, index, cancellationToken));
        }
        else
        {
            pending = Guarded(request, index, cancellationToken);
            if (pending.IsCompleted)
            {
                // Done already (in-process store, warm near cache): nobody needs to wait for it.
                return pending.IsCompletedSuccessfully
                    ? new Entry(pending.Result, null, default, false, default, index)
                    : new Entry(default, pending.AsTask(), default, false, request, index);
            }
        }

        var task = pending.AsTask();
        if (hasKey)
        {
            lastOfKey[key] = task;
        }

        return new Entry(default, task, key, hasKey, request, index);
    }

    private async Task<TResult> After(Task previous, TRequest request, long index, CancellationToken cancellationToken)
    {
        // A failure of the previous item is reported at its own position; this one still runs.
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return await Guarded(request, index, cancellationToken);
    }

    private ValueTask<TResult> Guarded(TRequest request, long index, CancellationToken cancellationToken)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = process(request, index, cancellationToken);
        }
        catch (Exception exception)
        {
            // Thrown before it could return a task: ends the run at its position like a fault.
            return errorItem(request, index, exception) is { } item ? new ValueTask<TResult>(item) : ValueTask.FromException<TResult>(exception);
        }

        // An exception it ends with becomes an error item when the loop writes it.
        return pending;
    }

    private void Forget(in Entry entry)
    {
        // Only if no later item of the key chained on it since.
        if (entry.HasKey && lastOfKey.TryGetValue(entry.Key!, out var last) && ReferenceEquals(last, entry.Pending))
        {
            lastOfKey.Remove(entry.Key!);
        }
    }

    /// <summary>
    /// An item started and not yet written: its result when it completed at once, else its task
    /// (Key/HasKey: later items of that key may chain on it; Request/Index: for the error factory
    /// if the task fails).
    /// </summary>
    private readonly record struct Entry(TResult? Value, Task<TResult>? Pending, TKey? Key, bool HasKey, TRequest? Request, long Index)
    {
        public bool IsCompleted => Pending is null || Pending.IsCompleted;
    }
}
