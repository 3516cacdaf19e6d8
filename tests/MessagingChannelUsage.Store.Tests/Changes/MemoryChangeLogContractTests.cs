using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Memory;
using Microsoft.Extensions.Time.Testing;

namespace MessagingChannelUsage.Store.Tests.Changes;

/// <summary>The change stream contract on the in-memory store (one instance: both writers are the same store).</summary>
public sealed class MemoryChangeLogContractTests : ChangeLogContractTests
{
    private readonly MemoryStore store = new();
    private readonly FakeTimeProvider clock = new();

    protected override IChangeLog Log => store.ChangeLog;

    protected override (IChannelRepository Channels, IUsageRepository Usages) Writer(int index) => (store.Channels, store.Usages);

    protected override Task<(IChannelRepository Channels, IChangeLog Log)> StoreWithRetentionAsync(TimeSpan retention)
    {
        var limited = new MemoryStore(new StoreOptions { ChangeRetention = retention }, timeProvider: clock);
        return Task.FromResult((limited.Channels, limited.ChangeLog));
    }

    protected override Task PassTimeAsync(TimeSpan duration)
    {
        clock.Advance(duration);
        return Task.CompletedTask;
    }
}
