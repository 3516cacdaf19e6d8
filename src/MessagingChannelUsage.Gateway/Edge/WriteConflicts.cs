namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>
/// How the admin API retries a compare-and-set write that lost to another writer (only when the
/// caller did not ask for optimistic concurrency itself). Every conflict means another write
/// succeeded, so the system always progresses; a short random pause keeps a crowd of writers on
/// one record from colliding in lock-step, and the attempts are bounded: the last conflict is
/// answered as ABORTED (retryable).
/// </summary>
internal static class WriteConflicts
{
    public const int MaxAttempts = 16;

    public static Task BackoffAsync(int attempt, CancellationToken cancellationToken)
    {
        // 0-1 ms, 0-3 ms, 0-7 ms, ... capped at 0-31 ms: jitter, not a wait for anything.
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        var milliseconds = Random.Shared.Next(0, 1 << Math.Min(attempt, 5));
#pragma warning restore CA5394
        return milliseconds == 0 ? Task.CompletedTask : Task.Delay(milliseconds, cancellationToken);
    }
}
