using System.Buffers;
using System.Collections.Concurrent;

namespace MessagingChannelUsage.Gateway.Memory;

/// <summary>
/// Kestrel's I/O buffers (docs/reliability.md#what-slow-clients-cost-and-when-it-is-given-back):
/// 4-KB blocks like Kestrel's own pool, but ordinary arrays instead of pinned ones, and a pool that
/// lets go of what it did not need. Kestrel's pool allocates each block on the pinned object heap,
/// which the GC never compacts, so after slow clients close, a heap region that still holds one live
/// block stays committed however many blocks around it were evicted. Ordinary arrays are moved and
/// the space decommitted by the next compacting collection. On Linux, sockets do not pin buffers
/// (the I/O is a synchronous read/write when the socket is ready); on Windows each pending
/// overlapped I/O pins its buffer for the operation.
/// <para>Release rule: <see cref="ReleaseUnused"/> (every <see cref="ReleasingBlockPoolFactory.ReleaseInterval"/>)
/// drops the blocks that stayed idle through the whole interval: the fewest blocks the pool held
/// idle since the last release. Under steady load that low-water mark is near zero (every block was
/// needed), so nothing is dropped; after a burst, everything the burst added goes within two intervals.</para>
/// </summary>
internal sealed class ReleasingBlockPool : MemoryPool<byte>
{
    /// <summary>The block size, Kestrel's (a page): Kestrel sizes its pipes' segments by <see cref="MaxBufferSize"/>.</summary>
    public const int BlockSize = 4096;

    private readonly ConcurrentQueue<Block> idle = new();
    private readonly Action<ReleasingBlockPool>? disposed;
    private int idleCount;
    private int fewestIdleSinceRelease;
    private long allocatedBlocks;
    private long releasedBlocks;
    private volatile bool isDisposed;

    public ReleasingBlockPool(Action<ReleasingBlockPool>? disposed = null) => this.disposed = disposed;

    public override int MaxBufferSize => BlockSize;

    /// <summary>Bytes of blocks ever allocated by this pool.</summary>
    public long AllocatedBytes => Interlocked.Read(ref allocatedBlocks) * BlockSize;

    /// <summary>Bytes of blocks this pool let go of (garbage for the GC once dropped).</summary>
    public long ReleasedBytes => Interlocked.Read(ref releasedBlocks) * BlockSize;

    /// <summary>Bytes of blocks in the pool, not rented.</summary>
    public long IdleBytes => (long)Volatile.Read(ref idleCount) * BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        ObjectDisposedException.ThrowIf(isDisposed, this);
        if (idle.TryDequeue(out var block))
        {
            var left = Interlocked.Decrement(ref idleCount);

            // A racy minimum: a lost update leaves the mark a little high, so fewer blocks are released (never too many).
            if (left < Volatile.Read(ref fewestIdleSinceRelease))
            {
                Volatile.Write(ref fewestIdleSinceRelease, left);
            }

            return block;
        }

        Volatile.Write(ref fewestIdleSinceRelease, 0);
        Interlocked.Increment(ref allocatedBlocks);
        return new Block(this);
    }

    /// <summary>
    /// Drops the blocks that stayed idle since the previous call (at most the fewest idle blocks seen
    /// in between) and starts a new interval; returns the bytes dropped.
    /// </summary>
    public long ReleaseUnused()
    {
        var unused = Volatile.Read(ref fewestIdleSinceRelease);
        var released = 0;
        while (released < unused && idle.TryDequeue(out _))
        {
            Interlocked.Decrement(ref idleCount);
            released++;
        }

        Interlocked.Add(ref releasedBlocks, released);
        Volatile.Write(ref fewestIdleSinceRelease, Volatile.Read(ref idleCount));
        return (long)released * BlockSize;
    }

    protected override void Dispose(bool disposing)
    {
        if (isDisposed)
        {
            return;
        }

        isDisposed = true;
        disposed?.Invoke(this);
        while (idle.TryDequeue(out _))
        {
            Interlocked.Decrement(ref idleCount);
            Interlocked.Increment(ref releasedBlocks);
        }
    }

    private void Return(Block block)
    {
        if (isDisposed)
        {
            Interlocked.Increment(ref releasedBlocks);
            return;
        }

        idle.Enqueue(block);
        Interlocked.Increment(ref idleCount);
    }

    /// <summary>One block; Kestrel returns it by disposing it.</summary>
    private sealed class Block(ReleasingBlockPool pool) : IMemoryOwner<byte>
    {
        // Uninitialized: Kestrel writes before it reads, as with its own pool's blocks.
        public Memory<byte> Memory { get; } = GC.AllocateUninitializedArray<byte>(BlockSize);

        public void Dispose() => pool.Return(this);
    }
}
