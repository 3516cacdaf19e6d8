using System.Threading.Channels;

namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>Gives the ordering key of a request, or false when it has none (it then waits for no one).</summary>
internal delegate bool OrderingKeySelector<in TRequest, TKey>(TRequest request, out TKey key);

/// <summary>
/// Processes the items of one stream concurrently and writes their results in request order.
/// <list type="bullet">
/// <item>At most <see cref="Size"/> items are started and not yet written; the reader reads at
/// most one more request and then waits for a slot (backpressure: a slow writer stops reading).</item>
/// <item>An item whose key equals the key of an earlier unwritten item starts only after that
/// item completed, so the side effects of one key never reorder.</item>
/// <item>An exception the error factory turns into a result is written in the item's place;
/// any other exception ends the run at the item's position (after the earlier results).</item>
/// <item>When reading stops with an exception (e.g. the drain timeout cancelled it), every item
/// already read is still processed and written, then the exception is thrown.</item>
/// </list>
/// Size 1 is strictly sequential. One instance per stream; <see cref="RunAsync"/> runs once.
/// </summary>
internal sealed class OrderedWindow<TRequest, TKey, TResult> : IDisposable
    where TKey : notnull
{
    private readonly OrderingKeySelector<TRequest, TKey> keyOf;
    private readonly Func<TRequest, long, CancellationToken, ValueTask<TResult>> process;
    private readonly Func<TRequest, long, Exception, TResult?> errorItem;
    private readonly SemaphoreSlim slots;
    private readonly Channel<Entry> unwritten;

    // The last unwritten item of each key; the reader adds, the writer removes (under the lock).
    private readonly Dictionary<TKey, Task> lastOfKey;
    private long written;
    private volatile bool readerHoldsRequest;

    /// <param name="size">Items in flight at most (1 … any).</param>
    /// <param name="keyOf">The ordering key of a request.</param>
    /// <param name="process">Processes one request (its 0-based index in the stream).</param>
    /// <param name="errorItem">Turns an exception of <paramref name="process"/> into a result, or null to end the run with it.</param>
    public OrderedWindow(
        int size,
        OrderingKeySelector<TRequest, TKey> keyOf,
        Func<TRequest, long, CancellationToken, ValueTask<TResult>> process,
        Func<TRequest, long, Exception, TResult?> errorItem)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        this.keyOf = keyOf;
        this.process = process;
        this.errorItem = errorItem;
        slots = new SemaphoreSlim(size, size);
        unwritten = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        lastOfKey = new Dictionary<TKey, Task>(Math.Min(size, 64));
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
        using var slotWaits = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, failed.Token);
        var reader = ReadAsync(moveNext, current, reads.Token, slotWaits.Token, cancellationToken);
        try
        {
            await WriteAsync(write, cancellationToken);
        }
        catch
        {
            // The stream failed: stop the reader, and let the items in flight finish before the
            // call ends so nothing of this stream changes state after its status was sent.
            await failed.CancelAsync();
            await reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            while (unwritten.Reader.TryRead(out var entry))
            {
                await ((Task)entry.Result.AsTask()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            throw;
        }

        // Everything read was written; a read that ended with an exception ends the run with it.
        await reader;
    }

    private async Task ReadAsync(
        Func<CancellationToken, Task<bool>> moveNext,
        Func<TRequest> current,
        CancellationToken readToken,
        CancellationToken slotToken,
        CancellationToken cancellationToken)
    {
        long index = 0;
        try
        {
            while (await moveNext(readToken))
            {
                var request = current();
                readerHoldsRequest = true;
                await slots.WaitAsync(slotToken);
                readerHoldsRequest = false;
                unwritten.Writer.TryWrite(Start(request, index++, cancellationToken));
            }

        }
        finally
        {
            // The writer writes what was read, then RunAsync rethrows this method's exception.
            readerHoldsRequest = false;
            unwritten.Writer.TryComplete();
        }
    }

    private Entry Start(TRequest request, long index, CancellationToken cancellationToken)
    {
        if (!keyOf(request, out var key))
        {
            return new Entry(Guarded(request, index, cancellationToken), default, null);
        }

        lock (lastOfKey)
        {
            var pending = lastOfKey.TryGetValue(key, out var previous)
                ? new ValueTask<TResult>(After(previous, request, index, cancellationToken))
                : Guarded(request, index, cancellationToken);
            if (pending.IsCompleted)
            {
                // Done already (in-process store): nobody needs to wait for it.
                lastOfKey.Remove(key);
                return new Entry(pending, default, null);
            }

            var task = pending.AsTask();
            lastOfKey[key] = task;
            return new Entry(new ValueTask<TResult>(task), key, task);
        }
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
        catch (Exception exception) when (errorItem(request, index, exception) is { } item)
        {
            return new ValueTask<TResult>(item);
        }

        return pending.IsCompletedSuccessfully ? pending : Awaited(pending, request, index);
    }

    private async ValueTask<TResult> Awaited(ValueTask<TResult> pending, TRequest request, long index)
    {
        try
        {
            return await pending;
        }
        catch (Exception exception) when (errorItem(request, index, exception) is { } item)
        {
            return item;
        }
    }

    private async Task WriteAsync(Func<TResult, bool, Task> write, CancellationToken cancellationToken)
    {
        var queue = unwritten.Reader;
        while (await queue.WaitToReadAsync(cancellationToken))
        {
            while (queue.TryRead(out var entry))
            {
                var result = await entry.Result;
                Forget(entry);

                // No flush when the next result can be written right away (as the sequential
                // stream did when the next request had already arrived).
                var more = queue.TryPeek(out var next) ? next.Result.IsCompleted : readerHoldsRequest;
                await write(result, more);
                Interlocked.Increment(ref written);
                slots.Release();
            }
        }
    }

    private void Forget(in Entry entry)
    {
        if (entry.Task is null)
        {
            return;
        }

        lock (lastOfKey)
        {
            // Only if no later item of the key chained on it since.
            if (lastOfKey.TryGetValue(entry.Key!, out var last) && ReferenceEquals(last, entry.Task))
            {
                lastOfKey.Remove(entry.Key!);
            }
        }
    }

    public void Dispose() => slots.Dispose();

    /// <summary>An item started and not yet written; Task/Key are set when later items may chain on it.</summary>
    private readonly record struct Entry(ValueTask<TResult> Result, TKey? Key, Task? Task);
}
