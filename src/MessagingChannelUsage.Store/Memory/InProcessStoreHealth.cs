using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Store.Memory;

/// <summary>The in-memory store lives in the process: it is ready whenever the process is.</summary>
internal sealed class InProcessStoreHealth : IStoreHealth
{
    public StoreHealthReport Current => StoreHealthReport.Ready;
}
