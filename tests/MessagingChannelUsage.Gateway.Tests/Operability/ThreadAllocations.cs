using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>Bytes a piece of code allocates per call, counted on one thread (bytes, never time).</summary>
internal static class ThreadAllocations
{
    /// <summary>
    /// Warms <paramref name="action"/> up (JIT, caches, metric points built once), then counts this
    /// thread's bytes over three rounds of <paramref name="repetitions"/> calls and returns the
    /// smallest. A per-call allocation shows in every round (at least <paramref name="repetitions"/>
    /// bytes); a one-time event of the runtime on this thread (tiered JIT promoting a method, seen
    /// once as 3,744 bytes under load) shows in one round at most.
    /// </summary>
    public static Task<long> FewestAsync(Action action, int repetitions)
        => Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < 100; i++)
                {
                    action();
                }

                var fewest = long.MaxValue;
                for (var round = 0; round < 3; round++)
                {
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    for (var i = 0; i < repetitions; i++)
                    {
                        action();
                    }

                    fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
                }

                return fewest;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).WithTimeout();
}
