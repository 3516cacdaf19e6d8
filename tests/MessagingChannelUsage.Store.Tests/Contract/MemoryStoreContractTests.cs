using MessagingChannelUsage.Store.Memory;

namespace MessagingChannelUsage.Store.Tests.Contract;

/// <summary>The store contract against the in-memory store (a fresh store per test).</summary>
public sealed class MemoryStoreContractTests : StoreContractTests
{
    private readonly MemoryStore store = new();

    protected override StoreUnderTest Store => store.AsUnderTest();
}

/// <summary>Query snapshots and paging against the in-memory store (a fresh store per test).</summary>
public sealed class MemoryQuerySnapshotContractTests : QuerySnapshotContractTests
{
    private readonly MemoryStore store = new();

    protected override StoreUnderTest Store => store.AsUnderTest();
}
