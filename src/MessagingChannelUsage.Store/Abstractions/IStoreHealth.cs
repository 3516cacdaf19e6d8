namespace MessagingChannelUsage.Store.Abstractions;

/// <summary>Whether the store can serve requests right now.</summary>
public enum StoreCondition
{
    /// <summary>Reachable, with the state it had (or a fresh, empty store at first start).</summary>
    Ready,

    /// <summary>Not connected yet, or the last check failed (Redis down, paused, unreachable).</summary>
    Unreachable,

    /// <summary>Reachable but its state was lost (wiped, failed over to an empty replica) and nobody acknowledged it yet.</summary>
    StateLost,
}

/// <summary>The store's condition and, when not ready, why (for health details and the operator).</summary>
public sealed record StoreHealthReport(StoreCondition Condition, string Description)
{
    public static readonly StoreHealthReport Ready = new(StoreCondition.Ready, "The store is reachable.");

    public bool IsReady => Condition == StoreCondition.Ready;
}

/// <summary>The store's health as last observed (a cheap read; the store checks in the background).</summary>
public interface IStoreHealth
{
    StoreHealthReport Current { get; }
}
