using MessagingChannelUsage.Store.Memory;

namespace MessagingChannelUsage.Store.Tests.Contract;

/// <summary>The store contract against the in-memory store (a fresh store per test).</summary>
public sealed class MemoryStoreContractTests : StoreContractTests
{
    private readonly MemoryStore store = new();

    protected override StoreUnderTest Store => new(store.Channels, store.Usages, store.States, store.Changes, store.EndUsers, store.Sessions, store.Schedule);
}
