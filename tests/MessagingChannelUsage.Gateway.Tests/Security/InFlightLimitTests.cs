using MessagingChannelUsage.Gateway.Security;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>Calls in flight per caller (Security:Limits:RoutingConcurrency / AdminConcurrency), counted without a lock.</summary>
public sealed class InFlightLimitTests
{
    [Fact]
    public void A_caller_gets_as_many_permits_as_the_limit_and_the_next_call_is_refused_until_one_is_given_back()
    {
        var limit = new InFlightLimit(2);

        var first = limit.TryEnter("connector-1");
        var second = limit.TryEnter("connector-1");
        var third = limit.TryEnter("connector-1");
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(third);

        first.Dispose();
        var again = limit.TryEnter("connector-1");
        Assert.NotNull(again);
        Assert.Null(limit.TryEnter("connector-1"));
    }

    [Fact]
    public void Each_caller_has_its_own_permits()
    {
        var limit = new InFlightLimit(1);

        Assert.NotNull(limit.TryEnter("connector-1"));
        Assert.Null(limit.TryEnter("connector-1"));
        Assert.NotNull(limit.TryEnter("connector-2"));
    }

    [Fact]
    public void A_sweep_removes_the_callers_with_nothing_in_flight_and_keeps_the_count_of_the_others()
    {
        var limit = new InFlightLimit(1);
        var held = limit.TryEnter("busy");
        limit.TryEnter("idle")!.Dispose();

        limit.Sweep();

        Assert.Equal(1, limit.Partitions);
        Assert.Null(limit.TryEnter("busy"));
        Assert.NotNull(limit.TryEnter("idle"));
        held!.Dispose();
        Assert.NotNull(limit.TryEnter("busy"));
    }

    [Fact]
    public void Idle_callers_are_swept_as_new_ones_arrive_so_many_addresses_do_not_grow_the_table()
    {
        var limit = new InFlightLimit(1);

        for (var i = 0; i < InFlightLimit.SweepEvery * 3; i++)
        {
            limit.TryEnter($"anonymous@10.0.{i / 256}.{i % 256}")!.Dispose();
        }

        Assert.True(limit.Partitions <= InFlightLimit.SweepEvery, $"{limit.Partitions} partitions kept");
    }

    [Fact]
    public async Task Callers_racing_with_sweeps_never_hold_more_permits_than_the_limit()
    {
        const int permits = 4;
        var limit = new InFlightLimit(permits);
        var inFlight = 0;
        var taken = 0;
        var overLimit = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (limit.TryEnter("connector-1") is { } lease)
                {
                    Interlocked.Increment(ref taken);
                    if (Interlocked.Increment(ref inFlight) > permits)
                    {
                        Interlocked.Increment(ref overLimit);
                    }

                    Interlocked.Decrement(ref inFlight);
                    lease.Dispose();
                }
            }
        }));
        var sweeper = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                limit.Sweep();
            }
        });
        await Task.WhenAll([.. callers, sweeper]);

        Assert.True(taken > 0, "no caller got a permit");
        Assert.Equal(0, overLimit);
        limit.Sweep();
        Assert.Equal(0, limit.Partitions);
    }

    [Fact]
    public void The_caller_limits_refuse_a_routing_call_over_the_concurrency_limit_with_a_retry_hint()
    {
        using var limits = new CallerLimits(Options.Create(new SecurityOptions { Limits = { RoutingPerSecond = 0, RoutingConcurrency = 1 } }));

        using var held = limits.TryAcquire("connector-1", LimitGroup.Routing, out _);
        var refused = limits.TryAcquire("connector-1", LimitGroup.Routing, out var retryAfter);

        Assert.NotNull(held);
        Assert.Null(refused);
        Assert.True(retryAfter > TimeSpan.Zero);
    }
}
