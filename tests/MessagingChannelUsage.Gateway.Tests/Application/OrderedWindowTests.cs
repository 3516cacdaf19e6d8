using MessagingChannelUsage.Gateway.Routing;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Gateway.Tests.Application;

/// <summary>The RouteStream window on its own: order, per-key serialisation, bound, errors, end of reading.</summary>
public sealed class OrderedWindowTests
{
    /// <summary>Requests are (index, key); a null key waits for no one.</summary>
    private sealed record Item(int Index, string? Key);

    [Fact]
    public async Task RunAsync_ItemsCompletingInRandomOrder_AreWrittenInRequestOrder()
    {
        const int size = 5;
        const int count = 60;
        var gates = Enumerable.Range(0, count).Select(_ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        using var started = new SemaphoreSlim(0);
        var window = new OrderedWindow<Item, string, string>(
            size,
            KeyOf,
            async (item, _, _) =>
            {
                started.Release();
                return await gates[item.Index].Task;
            },
            (_, _, _) => null);
        var source = new Source(Enumerable.Range(0, count).Select(i => new Item(i, "user-" + i)));
        var written = new List<string>();
        var run = window.RunAsync(source.MoveNext, source.Current, Collect(written), CancellationToken.None, CancellationToken.None);

        // Each block of `size` items is in flight together; complete it in a random order.
        var random = new Random(7);
        for (var block = 0; block < count; block += size)
        {
            for (var i = 0; i < size; i++)
            {
                Assert.True(await started.WaitAsync(TaskTimeouts.Default), "the window fills up");
            }

            foreach (var i in Enumerable.Range(block, size).OrderBy(_ => random.Next()))
            {
                gates[i].SetResult("r" + i);
            }
        }

        await run.WithTimeout();
        Assert.Equal(Enumerable.Range(0, count).Select(i => "r" + i), written);
        Assert.Equal(count, window.Written);
    }

    [Fact]
    public async Task RunAsync_SameKey_StartsOnlyAfterThePreviousItemOfThatKeyCompleted_OtherKeysDoNotWait()
    {
        var firstOfA = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var startedKeys = new List<int>();
        var startedSignal = new TaskCompletionSource[5];
        for (var i = 0; i < startedSignal.Length; i++)
        {
            startedSignal[i] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        var window = new OrderedWindow<Item, string, string>(
            8,
            KeyOf,
            async (item, _, _) =>
            {
                lock (startedKeys)
                {
                    startedKeys.Add(item.Index);
                }

                startedSignal[item.Index].SetResult();
                return item.Index == 0 ? await firstOfA.Task : "r" + item.Index;
            },
            (_, _, _) => null);
        var source = new Source([new(0, "A"), new(1, "B"), new(2, "A"), new(3, null), new(4, "A")]);
        var written = new List<string>();
        var run = window.RunAsync(source.MoveNext, source.Current, Collect(written), CancellationToken.None, CancellationToken.None);

        // B and the key-less item run while A's first item is still busy; A's later ones wait.
        await startedSignal[1].Task.WithTimeout();
        await startedSignal[3].Task.WithTimeout();
        lock (startedKeys)
        {
            Assert.DoesNotContain(2, startedKeys);
            Assert.DoesNotContain(4, startedKeys);
        }

        Assert.Empty(written);
        firstOfA.SetResult("r0");
        await run.WithTimeout();

        Assert.Equal(["r0", "r1", "r2", "r3", "r4"], written);
        var orderOfA = startedKeys.Where(i => i is 0 or 2 or 4).ToList();
        Assert.Equal([0, 2, 4], orderOfA);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task RunAsync_SlowItems_NeverHaveMoreThanTheWindowInFlight_AndNothingIsReadWhileItIsFull(int size)
    {
        const int count = 12;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = 0;
        var maxInFlight = 0;
        var maxReadAhead = 0L;
        OrderedWindow<Item, string, string>? window = null;
        window = new OrderedWindow<Item, string, string>(
            size,
            KeyOf,
            async (item, _, _) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref maxInFlight, now);
                await release.Task;
                Interlocked.Decrement(ref inFlight);
                return "r" + item.Index;
            },
            (_, _, _) => null);
        var source = new Source(Enumerable.Range(0, count).Select(i => new Item(i, "user-" + i)));
        var reads = 0L;
        var run = window.RunAsync(
            async token =>
            {
                var more = await source.MoveNext(token);
                var ahead = Interlocked.Increment(ref reads) - window.Written;
                lock (source)
                {
                    maxReadAhead = Math.Max(maxReadAhead, ahead);
                }

                return more;
            },
            source.Current,
            (_, _) => Task.CompletedTask,
            CancellationToken.None,
            CancellationToken.None);

        // The window fills; nothing completes until released, and no request is read meanwhile
        // (the read of an item happens before it starts, so the count is final once all started).
        Assert.True(await TaskTimeouts.Eventually(() => Volatile.Read(ref inFlight) == size), "the window fills up");
        Assert.Equal(size, Interlocked.Read(ref reads));
        release.SetResult();
        await run.WithTimeout();

        Assert.Equal(size, maxInFlight);
        Assert.InRange(maxReadAhead, 1, size + 1); // +1: the last result is written once the next read tells whether another follows
        Assert.Equal(count, window.Written);
    }

    [Fact]
    public async Task RunAsync_ItemThatThrows_IsWrittenAsItsErrorItemInPlace_AndTheStreamGoesOn()
    {
        var window = new OrderedWindow<Item, string, string>(
            4,
            KeyOf,
            (item, _, _) => item.Index switch
            {
                1 => throw new InvalidOperationException("sync"),
                3 => ThrowLater(),
                _ => new ValueTask<string>("r" + item.Index),
            },
            (item, index, exception) => $"error{index}:{item.Index}:{exception.Message}");
        var source = new Source(Enumerable.Range(0, 5).Select(i => new Item(i, "same")));
        var written = new List<string>();

        await window.RunAsync(source.MoveNext, source.Current, Collect(written), CancellationToken.None, CancellationToken.None).WithTimeout();

        Assert.Equal(["r0", "error1:1:sync", "r2", "error3:3:async", "r4"], written);
    }

    [Fact]
    public async Task RunAsync_ExceptionWithoutErrorItem_EndsTheRunAfterTheEarlierResults()
    {
        var window = new OrderedWindow<Item, string, string>(
            4,
            KeyOf,
            async (item, _, _) =>
            {
                await Task.Yield();
                return item.Index == 2 ? throw new TimeoutException("store down") : "r" + item.Index;
            },
            (_, _, _) => null);
        var source = new Source(Enumerable.Range(0, 10).Select(i => new Item(i, null)));
        var written = new List<string>();

        var failure = await Assert.ThrowsAsync<TimeoutException>(
            () => window.RunAsync(source.MoveNext, source.Current, Collect(written), CancellationToken.None, CancellationToken.None).WithTimeout());

        Assert.Equal("store down", failure.Message);
        Assert.Equal(["r0", "r1"], written);
    }

    [Fact]
    public async Task RunAsync_ReadingCancelled_WritesEveryItemAlreadyRead_ThenThrows()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopReading = new CancellationTokenSource();
        var window = new OrderedWindow<Item, string, string>(
            8,
            KeyOf,
            async (item, _, _) =>
            {
                await release.Task;
                return "r" + item.Index;
            },
            (_, _, _) => null);
        var items = Enumerable.Range(0, 3).Select(i => new Item(i, "k" + (i % 2))).ToArray();
        var position = -1;
        var written = new List<string>();
        var run = window.RunAsync(
            async token =>
            {
                if (position + 1 < items.Length)
                {
                    position++;
                    return true;
                }

                // A client that stays silent: only the read token ends this wait.
                await Task.Delay(Timeout.Infinite, token);
                return false;
            },
            () => items[position],
            Collect(written),
            stopReading.Token,
            CancellationToken.None);

        await stopReading.CancelAsync();
        release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WithTimeout());
        Assert.Equal(["r0", "r1", "r2"], written);
        Assert.Equal(3, window.Written);
    }

    [Fact]
    public async Task RunAsync_ResultsReadyTogether_GoWithoutFlush_ButAFlushFollowsEveryWindowAndTheLastOne()
    {
        var window = new OrderedWindow<Item, string, string>(4, KeyOf, (item, _, _) => new ValueTask<string>("r" + item.Index), (_, _, _) => null);
        var source = new Source(Enumerable.Range(0, 10).Select(i => new Item(i, "user-" + (i % 3))));
        var flags = new List<bool>();

        await window.RunAsync(
            source.MoveNext,
            source.Current,
            (_, more) =>
            {
                flags.Add(more);
                return Task.CompletedTask;
            },
            CancellationToken.None,
            CancellationToken.None).WithTimeout();

        // "more" = no flush needed: every request was there at once, so only the window bound
        // (one flush per 4 writes) and the end of the stream flush.
        Assert.Equal([true, true, true, false, true, true, true, false, true, false], flags);
    }

    [Fact]
    public async Task RunAsync_NextRequestNotThereYet_TheAnswerIsFlushedBeforeTheWindowWaitsForIt()
    {
        // A client that sends the next request only after it received the answer to the last one:
        // without a flush before waiting, this would never finish.
        var window = new OrderedWindow<Item, string, string>(8, KeyOf, (item, _, _) => new ValueTask<string>("r" + item.Index), (_, _, _) => null);
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var position = -1;
        var written = new List<(string Result, bool More)>();

        await window.RunAsync(
            async _ =>
            {
                if (position >= 0)
                {
                    await answered.Task;
                    answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                return ++position < 3;
            },
            () => new Item(position, "same"),
            (result, more) =>
            {
                written.Add((result, more));
                if (!more)
                {
                    answered.TrySetResult();
                }

                return Task.CompletedTask;
            },
            CancellationToken.None,
            CancellationToken.None).WithTimeout();

        Assert.Equal([("r0", false), ("r1", false), ("r2", false)], written);
    }

    [Fact]
    public async Task RunAsync_ItemsStartedTogether_ShareTheBatch_WhichIsSentBeforeTheWindowWaitsForThem()
    {
        // Like the batched end-user read: an item's answer comes only once the batch is sent, so a
        // window that waited for an item before sending its batch would never finish.
        var batch = new AnsweredWhenSent();
        var window = new OrderedWindow<Item, string, string>(4, KeyOf, (item, _, _) => batch.Queue("r" + item.Index), (_, _, _) => null, batch);
        var source = new Source(Enumerable.Range(0, 10).Select(i => new Item(i, "user-" + i)));
        var written = new List<string>();

        await window.RunAsync(source.MoveNext, source.Current, Collect(written), CancellationToken.None, CancellationToken.None).WithTimeout();

        Assert.Equal(Enumerable.Range(0, 10).Select(i => "r" + i), written);
        // Every request was there at once: each send carried what filled the window.
        Assert.Equal([4, 4, 2], batch.Sent);
    }

    [Fact]
    public async Task RunAsync_AStreamThatFails_SendsTheBatchBeforeItWaitsForTheItemsInFlight()
    {
        // Item 0 waits for the batch; taking request 1 fails the stream before the window waited:
        // the failed run still lets item 0 finish, which it can only do once the batch is sent.
        var batch = new AnsweredWhenSent();
        var window = new OrderedWindow<Item, string, string>(4, KeyOf, (item, _, _) => batch.Queue("r" + item.Index), (_, _, _) => null, batch);
        var position = -1;

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => window.RunAsync(
                _ => Task.FromResult(++position < 4),
                () => position == 1 ? throw new InvalidOperationException("unreadable request") : new Item(position, "user-" + position),
                (_, _) => Task.CompletedTask,
                CancellationToken.None,
                CancellationToken.None).WithTimeout());

        Assert.Equal([1], batch.Sent);
        Assert.Equal(0, batch.Pending);
    }

    [Fact]
    public void Constructor_SizeBelowOne_IsRejected()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new OrderedWindow<Item, string, string>(0, KeyOf, (_, _, _) => default, (_, _, _) => null));

    private static bool KeyOf(Item item, out string key)
    {
        key = item.Key ?? string.Empty;
        return item.Key is not null;
    }

    private static async ValueTask<string> ThrowLater()
    {
        await Task.Yield();
        throw new InvalidOperationException("async");
    }

    private static Func<string, bool, Task> Collect(List<string> written) => (result, _) =>
    {
        written.Add(result);
        return Task.CompletedTask;
    };

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>A batch whose items are answered when it is sent, and only while the window starts them.</summary>
    private sealed class AnsweredWhenSent : IWindowBatch
    {
        private readonly List<(TaskCompletionSource<string> Answer, string Result)> queued = [];
        private bool open;

        public List<int> Sent { get; } = [];

        public int Pending => queued.Count;

        public ValueTask<string> Queue(string result)
        {
            Assert.True(open, "items are started inside the batch");
            var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            queued.Add((answer, result));
            return new ValueTask<string>(answer.Task);
        }

        public void Enter() => open = true;

        public void Exit() => open = false;

        public void Send()
        {
            if (queued.Count == 0)
            {
                return;
            }

            Sent.Add(queued.Count);
            foreach (var (answer, result) in queued)
            {
                answer.SetResult(result);
            }

            queued.Clear();
        }
    }

    /// <summary>An in-memory request stream.</summary>
    private sealed class Source(IEnumerable<Item> items)
    {
        private readonly Item[] items = items.ToArray();
        private int position = -1;

        public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromResult(++position < items.Length);

        public Item Current() => items[position];
    }
}
