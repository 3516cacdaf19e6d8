using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Store.Tests.Contract;

/// <summary>One store instance as the contract suite sees it: every interface, over one shared state.</summary>
public sealed record StoreUnderTest(
    IChannelRepository Channels,
    IUsageRepository Usages,
    IChannelStateReader States,
    IChannelChangeFeed Changes,
    IEndUserStore EndUsers,
    ISessionStore Sessions,
    IDisableSchedule Schedule,
    IQuerySnapshotStore QuerySnapshots);

/// <summary>The in-memory store as the suites see it.</summary>
public static class MemoryTestStores
{
    public static StoreUnderTest AsUnderTest(this Memory.MemoryStore store) =>
        new(store.Channels, store.Usages, store.States, store.Changes, store.EndUsers, store.Sessions, store.Schedule, store.QuerySnapshots);
}
