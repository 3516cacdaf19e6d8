using MessagingChannelUsage.Store.Caching;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// Keeps the <see cref="EndUserNearCache"/> coherent: every script that writes an end-user hash
/// PUBLISHes the hash's key on "P:eu-changes" (RedisScripts), and this feed drops that entry. The
/// cache serves only while the subscription is known to be live: it is suspended (and flushed)
/// when the subscription connection fails, and resumed (flushed again) only after the SUBSCRIBE
/// has been confirmed on the new connection, because changes published in between were lost.
/// </summary>
internal sealed class RedisEndUserChangeFeed(RedisKeys keys, EndUserNearCache cache, ILogger logger)
{
    private IConnectionMultiplexer? connection;

    public async Task StartAsync(IConnectionMultiplexer multiplexer)
    {
        connection = multiplexer;
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        await SubscribeThenResumeAsync();
    }

    public void Stop(IConnectionMultiplexer multiplexer)
    {
        multiplexer.ConnectionFailed -= OnConnectionFailed;
        multiplexer.ConnectionRestored -= OnConnectionRestored;
        cache.Suspend();
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        if (keys.TryParseEndUserKey((string?)message, out var channelId, out var platformKey))
        {
            cache.ChangeReceived(channelId, platformKey);
        }
        else
        {
            // Something we cannot attribute changed: drop everything rather than guess.
            StoreLog.MalformedChangeMessage(logger, keys.EndUserChangesChannelName, (string?)message ?? "(null)");
            cache.Flush();
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            cache.Suspend();
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            cache.Suspend();
            _ = SubscribeThenResumeAsync();
        }
    }

    /// <summary>(Re-)subscribes and resumes the cache once Redis confirmed the subscription; stays suspended on failure.</summary>
    private async Task SubscribeThenResumeAsync()
    {
        if (connection is not { } multiplexer)
        {
            return;
        }

        var subscriber = multiplexer.GetSubscriber();
        try
        {
            // Drop a half-registered handler first, so a retry never delivers each message twice.
            await subscriber.UnsubscribeAsync(keys.EndUserChangesChannel, OnMessage);
            await subscriber.SubscribeAsync(keys.EndUserChangesChannel, OnMessage);
            cache.Resume();
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            // Still suspended: the next ConnectionRestored of the subscription tries again.
            StoreLog.SubscribeDeferred(logger, keys.EndUserChangesChannelName, ex);
        }
    }
}
