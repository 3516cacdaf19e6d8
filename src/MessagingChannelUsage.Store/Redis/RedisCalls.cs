namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// Stops waiting on a Redis command when the caller gives up. StackExchange.Redis commands cannot
/// be cancelled once queued, so without this a stalled Redis keeps every handler (and its HTTP/2
/// stream) alive long after the client's deadline passed; with it the handler ends at the deadline
/// and the command's late result is dropped.
/// </summary>
internal static class RedisCalls
{
    public static Task<T> Until<T>(this Task<T> command, CancellationToken cancellationToken)
        => command.IsCompleted || !cancellationToken.CanBeCanceled ? command : Wait(command, cancellationToken);

    public static Task Until(this Task command, CancellationToken cancellationToken)
        => command.IsCompleted || !cancellationToken.CanBeCanceled ? command : WaitVoid(command, cancellationToken);

    private static async Task<T> Wait<T>(Task<T> command, CancellationToken cancellationToken)
    {
        try
        {
            return await command.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Abandon(command);
            throw;
        }
    }

    private static async Task WaitVoid(Task command, CancellationToken cancellationToken)
    {
        try
        {
            await command.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Abandon(command);
            throw;
        }
    }

    /// <summary>Observes the abandoned command's eventual failure (its caller has gone; nobody else will).</summary>
    private static void Abandon(Task command) => command.ContinueWith(
        static task => _ = task.Exception,
        CancellationToken.None,
        TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
        TaskScheduler.Default);
}
