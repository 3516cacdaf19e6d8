namespace MessagingChannelUsage.TestSupport;

/// <summary>Every await in a test has a timeout, so a bug fails the test instead of hanging the run.</summary>
public static class TaskTimeouts
{
    /// <summary>Generous: the machine is shared and slow; a pass never waits this long.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(20);

    public static Task WithTimeout(this Task task) => task.WaitAsync(Default);

    public static Task<T> WithTimeout<T>(this Task<T> task) => task.WaitAsync(Default);

    public static Task<T> WithTimeout<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Default);

    /// <summary>Polls <paramref name="condition"/> (cheaply, no long sleeps) until it holds or the timeout passes.</summary>
    public static async Task<bool> Eventually(Func<bool> condition, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? Default);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }

    /// <summary>Like <see cref="Eventually(Func{bool}, TimeSpan?)"/> for a condition that must await.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? Default);
        while (!await condition().WaitAsync(Default))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }
}
