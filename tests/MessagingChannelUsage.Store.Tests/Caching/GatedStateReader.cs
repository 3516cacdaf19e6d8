using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Store.Tests.Caching;

/// <summary>
/// Wraps a real store's reader: each load reads the real state at once, then waits for the test to
/// open the gate before returning it, so a test can make a change land while a load is in flight.
/// </summary>
public sealed class GatedStateReader(IChannelStateReader inner) : IChannelStateReader
{
    private TaskCompletionSource gate = NewGate();
    private int loads;

    public int Loads => Volatile.Read(ref loads);

    /// <summary>Completes when a load has read the state and waits at the gate.</summary>
    public TaskCompletionSource LoadStarted { get; private set; } = NewGate();

    public void Open() => gate.TrySetResult();

    public void Close()
    {
        gate = NewGate();
        LoadStarted = NewGate();
    }

    public async Task<ChannelState?> LoadAsync(string channelId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref loads);
        var state = await inner.LoadAsync(channelId, cancellationToken);
        LoadStarted.TrySetResult();
        await gate.Task;
        return state;
    }

    private static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
