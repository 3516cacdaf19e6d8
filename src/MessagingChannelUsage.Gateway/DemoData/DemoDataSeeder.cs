using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Gateway.Hosting;
using MessagingChannelUsage.Store;
using MessagingChannelUsage.Store.Abstractions;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.DemoData;

/// <summary>
/// Seeds <see cref="DemoChannels"/> once the server listens (StartedAsync runs after every
/// hosted service, Kestrel included, has started), so a start that fails (a port taken, a bad
/// setting) neither writes nor logs "Seeded": nothing is reported done before the start is.
/// A call in the first milliseconds may not find them yet. Channels already present are left alone.
/// </summary>
internal sealed class DemoDataSeeder(
    IChannelRepository channels,
    IUsageRepository usages,
    IOptions<GatewayOptions> gatewayOptions,
    IOptions<StoreOptions> storeOptions,
    TimeProvider time,
    ILogger<DemoDataSeeder> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var kind = storeOptions.Value.Kind;
        if (!(gatewayOptions.Value.SeedDemoData ?? kind == StoreKind.Memory))
        {
            return;
        }

        var seeded = 0;
        foreach (var (channel, channelUsages) in DemoChannels.Build(time.GetUtcNow()))
        {
            if (await channels.GetAsync(channel.Id, cancellationToken) is not null)
            {
                GatewayLog.DemoDataPresent(logger, channel.Id);
                continue;
            }

            await channels.InsertAsync(channel, cancellationToken);
            foreach (var usage in channelUsages)
            {
                await usages.InsertAsync(usage, cancellationToken);
            }

            seeded++;
        }

        GatewayLog.DemoDataSeeded(logger, seeded, kind);
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
