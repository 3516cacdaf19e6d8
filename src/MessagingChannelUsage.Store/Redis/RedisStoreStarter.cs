using Microsoft.Extensions.Hosting;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// Connects the Redis store when the host starts, before the server takes requests, so no request
/// ever pays for (or waits on) the connect. Registered by AddRedisStore.
/// </summary>
internal sealed class RedisStoreStarter(RedisStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
