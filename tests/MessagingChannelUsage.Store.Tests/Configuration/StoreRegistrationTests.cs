using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Caching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Store.Tests.Configuration;

public sealed class StoreRegistrationTests
{
    [Fact]
    public async Task AddMemoryStore_RegistersEveryStoreInterfaceOverOneState()
    {
        var services = new ServiceCollection().AddLogging().AddMemoryStore();
        await using var provider = services.BuildServiceProvider();

        var channels = provider.GetRequiredService<IChannelRepository>();
        var source = provider.GetRequiredService<IChannelSnapshotSource>();
        var channel = Contract.TestRecords.Channel();
        await channels.InsertAsync(channel, CancellationToken.None);

        Assert.Equal(channel.Id, (await source.GetAsync(channel.Id, CancellationToken.None))!.ChannelId);
        Assert.IsType<ChannelSnapshotCache>(source);
        Assert.NotNull(provider.GetRequiredService<IUsageRepository>());
        Assert.NotNull(provider.GetRequiredService<IEndUserStore>());
        Assert.NotNull(provider.GetRequiredService<ISessionStore>());
        Assert.NotNull(provider.GetRequiredService<IDisableSchedule>());
        Assert.NotNull(provider.GetRequiredService<IChannelStateReader>());
        Assert.NotNull(provider.GetRequiredService<IChannelChangeFeed>());
        var idempotency = provider.GetRequiredService<IIdempotencyStore>();
        await idempotency.SetAsync(channel.Id, "m1", [1, 2, 3], CancellationToken.None);
        Assert.Equal([1, 2, 3], await idempotency.TryGetAsync(channel.Id, "m1", CancellationToken.None));
        Assert.Null(await idempotency.TryGetAsync(channel.Id, "m2", CancellationToken.None));
    }

    [Fact]
    public async Task AddMemoryStore_WithNonPositiveGrace_FailsValidationWithAClearMessage()
    {
        var services = new ServiceCollection().AddLogging().AddMemoryStore(o => o.SessionGrace = TimeSpan.Zero);
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StoreOptions>>().Value);

        Assert.Contains("Store:SessionGrace must be positive", error.Message, StringComparison.Ordinal);
    }
}
