using System.Buffers;
using System.Diagnostics.Metrics;
using System.Runtime.InteropServices;
using MessagingChannelUsage.Gateway.Memory;
using MessagingChannelUsage.Gateway.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MessagingChannelUsage.Gateway.Tests.Memory;

/// <summary>The gateway's I/O block pool (Gateway:ReleaseIdleBuffers): reuse, and what it lets go of. Counted, never timed.</summary>
public sealed class ReleasingBlockPoolTests
{
    private const int Block = ReleasingBlockPool.BlockSize;

    [Fact]
    public void Blocks_are_ordinary_arrays_of_one_page_as_kestrel_expects()
    {
        using var pool = new ReleasingBlockPool();
        using var block = pool.Rent();

        Assert.Equal(Block, pool.MaxBufferSize);
        Assert.True(MemoryMarshal.TryGetArray<byte>(block.Memory, out var array));
        Assert.Equal(Block, array.Count);
    }

    [Fact]
    public void A_returned_block_is_rented_again_instead_of_a_new_one()
    {
        using var pool = new ReleasingBlockPool();
        var first = pool.Rent();
        var memory = first.Memory;
        first.Dispose();

        using var second = pool.Rent();

        Assert.True(second.Memory.Span == memory.Span, "a new block was allocated although one was idle");
        Assert.Equal(Block, pool.AllocatedBytes);
    }

    [Fact]
    public void A_request_larger_than_a_block_is_refused_as_kestrels_pool_does()
    {
        using var pool = new ReleasingBlockPool();

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(Block + 1));
    }

    [Fact]
    public void Blocks_idle_through_a_whole_interval_are_released_and_the_ones_used_are_kept()
    {
        using var pool = new ReleasingBlockPool();
        ReturnAll(RentMany(pool, 10));
        Assert.Equal(0, pool.ReleaseUnused());   // the first interval used all ten

        ReturnAll(RentMany(pool, 3));            // at most 3 in use at once: 7 never needed
        Assert.Equal(7L * Block, pool.ReleaseUnused());
        Assert.Equal(3L * Block, pool.IdleBytes);

        Assert.Equal(3L * Block, pool.ReleaseUnused());   // nothing used since: the rest goes too
        Assert.Equal(0, pool.IdleBytes);
        Assert.Equal(10L * Block, pool.ReleasedBytes);
    }

    [Fact]
    public void Under_steady_use_nothing_is_released()
    {
        using var pool = new ReleasingBlockPool();
        for (var interval = 0; interval < 5; interval++)
        {
            ReturnAll(RentMany(pool, 8));
            Assert.Equal(0, pool.ReleaseUnused());
        }

        Assert.Equal(8L * Block, pool.AllocatedBytes);
        Assert.Equal(0, pool.ReleasedBytes);
    }

    [Fact]
    public void Blocks_still_rented_are_never_released()
    {
        using var pool = new ReleasingBlockPool();
        var held = RentMany(pool, 5);
        pool.ReleaseUnused();
        pool.ReleaseUnused();

        Assert.Equal(0, pool.ReleasedBytes);
        ReturnAll(held);
        Assert.Equal(5L * Block, pool.IdleBytes);
    }

    [Fact]
    public void The_factory_releases_on_its_timer_and_counts_what_it_released()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var released = new MetricCollector<long>(meters, GatewayMetrics.MeterName, ReleasingBlockPoolFactory.ReleasedInstrument);
        var clock = new FakeTimeProvider();
        using var factory = new ReleasingBlockPoolFactory(meters, clock);
        using var pool = factory.Create();
        ReturnAll(RentMany(pool, 4));
        Assert.Equal(4L * Block, factory.HeldBytes);

        clock.Advance(ReleasingBlockPoolFactory.ReleaseInterval);   // closes the interval that used the blocks
        clock.Advance(ReleasingBlockPoolFactory.ReleaseInterval);   // none used since: released

        Assert.Equal(0, factory.HeldBytes);
        Assert.Equal(4L * Block, released.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    private static List<IMemoryOwner<byte>> RentMany(MemoryPool<byte> pool, int count) =>
        Enumerable.Range(0, count).Select(_ => pool.Rent()).ToList();

    private static void ReturnAll(List<IMemoryOwner<byte>> blocks) => blocks.ForEach(b => b.Dispose());
}
