using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Store.Caching;

/// <summary>
/// Gathers the end-user reads that go to Redis while one thread starts several messages together
/// (the burst of a RouteStream window: the misses of the near cache, or every read when it is
/// off) and sends them as ONE batched read (<see cref="IEndUserStore.GetStatesAsync"/>) when
/// <see cref="Send"/> is called, instead of one command per message.
/// <list type="bullet">
/// <item>The owner (one batch per stream) brackets each start with <see cref="Enter"/> and
///   <see cref="Exit"/> on its own thread; a read made outside them (a message that resumes later,
///   on another thread) goes on its own, as without a batch.</item>
/// <item>The owner calls <see cref="Send"/> before it waits for anything: a gathered read is only
///   sent then, so a thread that waited first would wait for itself.</item>
/// <item>Near cache: each read keeps the lease taken when it missed (the loading token is placed
///   before the read is sent, as for a single read), and its answer fills the entry only if no
///   invalidation came in between (<see cref="EndUserNearCache.Complete"/>).</item>
/// <item>The batch is one round trip: when it fails, every read in it fails with that error.</item>
/// </list>
/// Not thread-safe: the thread that enters adds and sends.
/// </summary>
/// <param name="cancellationToken">The token of every read this batch gathers (the stream's); a read with another token goes on its own.</param>
public sealed class EndUserReadBatch(CancellationToken cancellationToken)
{
    [ThreadStatic]
    private static EndUserReadBatch? open;

    private readonly CancellationToken token = cancellationToken;
    private readonly List<Read> reads = [];
    private IEndUserStore? store;
    private EndUserNearCache? cache;
    private EndUserReadBatch? outer;

    /// <summary>Reads gathered and not sent yet.</summary>
    public int Count => reads.Count;

    /// <summary>Reads on this thread join this batch until <see cref="Exit"/>.</summary>
    public void Enter()
    {
        outer = open;
        open = this;
    }

    /// <summary>Reads on this thread go on their own again (or join the batch entered before this one).</summary>
    public void Exit()
    {
        open = outer;
        outer = null;
    }

    /// <summary>Sends what was gathered as one batched read (nothing when nothing was gathered).</summary>
    public void Send()
    {
        if (reads.Count == 0)
        {
            return;
        }

        var batch = reads.ToArray();
        reads.Clear();
        // The store's reads made while sending must go, not join a batch this thread entered.
        var entered = open;
        open = null;
        try
        {
            _ = SendAsync(store!, cache, batch, token);
        }
        finally
        {
            open = entered;
        }
    }

    /// <summary>
    /// Adds a read of <paramref name="endUser"/> from <paramref name="from"/> to the batch the
    /// calling thread entered, if any (and if it is for the same store and token); the task
    /// completes when the batch was sent and answered.
    /// </summary>
    internal static bool TryJoin(
        IEndUserStore from,
        EndUserNearCache? nearCache,
        EndUserRef endUser,
        in EndUserNearCache.Lease lease,
        CancellationToken cancellationToken,
        out Task<EndUserState> state)
    {
        if (open is not { } batch
            || cancellationToken != batch.token
            || (batch.store is not null && (!ReferenceEquals(batch.store, from) || !ReferenceEquals(batch.cache, nearCache))))
        {
            state = null!;
            return false;
        }

        batch.store = from;
        batch.cache = nearCache;
        var pending = new TaskCompletionSource<EndUserState>();
        batch.reads.Add(new Read(endUser, lease, pending));
        state = pending.Task;
        return true;
    }

    private static async Task SendAsync(IEndUserStore store, EndUserNearCache? cache, Read[] batch, CancellationToken cancellationToken)
    {
        EndUserState[] states;
        try
        {
            // A batch of one is a plain read (no arrays, no batch).
            states = batch.Length == 1
                ? [await store.GetStateAsync(batch[0].EndUser.ChannelId, batch[0].EndUser.PlatformKey, cancellationToken)]
                : await store.GetStatesAsync(EndUsersOf(batch), cancellationToken);
        }
#pragma warning disable CA1031 // Not swallowed: every read of the batch fails with it.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            foreach (var read in batch)
            {
                cache?.Abandon(read.Lease);
                if (exception is OperationCanceledException cancelled)
                {
                    read.Pending.TrySetCanceled(cancelled.CancellationToken);
                }
                else
                {
                    read.Pending.TrySetException(exception);
                }
            }

            return;
        }

        for (var i = 0; i < batch.Length; i++)
        {
            cache?.Complete(batch[i].Lease, states[i]);
        }

        // Newest first: the reader of the batch's messages waits for the oldest one, so it wakes
        // once, when every message of the batch has its state (continuations run inline here).
        for (var i = batch.Length - 1; i >= 0; i--)
        {
            batch[i].Pending.TrySetResult(states[i]);
        }
    }

    private static EndUserRef[] EndUsersOf(Read[] batch)
    {
        var endUsers = new EndUserRef[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            endUsers[i] = batch[i].EndUser;
        }

        return endUsers;
    }

    private readonly record struct Read(EndUserRef EndUser, EndUserNearCache.Lease Lease, TaskCompletionSource<EndUserState> Pending);
}
