using MessagingChannelUsage.Store.Caching;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// Keeps the <see cref="EndUserNearCache"/> coherent: every script that writes an end-user hash
/// PUBLISHes the hash's key on "P:eu-changes" (RedisScripts), and this feed drops that entry. The
/// cache serves only while the subscription is known to be live: it is suspended (and flushed)
/// when the subscription connection fails, and resumed (flushed again) only after the SUBSCRIBE
/// has been confirmed on the new connection, because changes published in between were lost. With
/// the heartbeat on (<see cref="RedisEndUserHeartbeat"/>, the default) a confirmed SUBSCRIBE is not
/// enough: the cache resumes when one of this instance's heartbeats sent after it comes back, and
/// stops serving whenever they stop coming back in time.
/// </summary>
/// <remarks>
/// Messages are read through an ordered <see cref="ChannelMessageQueue"/>, not a handler:
/// StackExchange.Redis hands each message of a handler subscription to the thread pool on its own
/// (no order), and the heartbeat's argument needs every invalidation published before a heartbeat
/// applied before that heartbeat is accepted.
/// </remarks>
internal sealed class RedisEndUserChangeFeed(RedisKeys keys, EndUserNearCache cache, RedisEndUserHeartbeat? heartbeat, ILogger logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim subscribing = new(1, 1);
    private IConnectionMultiplexer? connection;
    private ChannelMessageQueue? queue;

    public async Task StartAsync(IConnectionMultiplexer multiplexer)
    {
        connection = multiplexer;
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        heartbeat?.Start(multiplexer);
        await SubscribeThenResumeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is { } multiplexer)
        {
            multiplexer.ConnectionFailed -= OnConnectionFailed;
            multiplexer.ConnectionRestored -= OnConnectionRestored;
        }

        if (heartbeat is not null)
        {
            await heartbeat.DisposeAsync();
        }

        cache.Suspend();
        subscribing.Dispose();
    }

    private void OnMessage(ChannelMessage message) => Handle((string?)message.Message);

    private void Handle(string? text)
    {
        if (text is not null && heartbeat?.TryHandle(text) == true)
        {
            return;
        }

        if (keys.TryParseEndUserKey(text, out var channelId, out var platformKey))
        {
            // Includes other instances' heartbeats when this one sends none: an entry never held.
            cache.ChangeReceived(channelId, platformKey);
        }
        else
        {
            // Something we cannot attribute changed: drop everything rather than guess.
            StoreLog.MalformedChangeMessage(logger, keys.EndUserChangesChannelName, text ?? "(null)");
            cache.Flush();
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            LinkDown(RedisEndUserHeartbeat.SuspensionCause.ConnectionFailed);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            LinkDown(RedisEndUserHeartbeat.SuspensionCause.Resubscribing);
            _ = SubscribeThenResumeAsync();
        }
    }

    private void LinkDown(string cause)
    {
        if (heartbeat is not null)
        {
            heartbeat.LinkDown(cause);
        }
        else
        {
            cache.Suspend();
        }
    }

    /// <summary>(Re-)subscribes; once Redis confirmed it, resumes the cache (or lets the heartbeat do so). Stays suspended on failure.</summary>
    private async Task SubscribeThenResumeAsync()
    {
        if (connection is not { } multiplexer)
        {
            return;
        }

        await subscribing.WaitAsync();
        try
        {
            // Drop the previous queue first, so a retry never delivers each message twice.
            if (queue is { } previous)
            {
                queue = null;
                await previous.UnsubscribeAsync();
            }

            var subscribed = await multiplexer.GetSubscriber().SubscribeAsync(keys.EndUserChangesChannel);
            subscribed.OnMessage(OnMessage);
            queue = subscribed;
            if (heartbeat is not null)
            {
                heartbeat.LinkUp();
            }
            else
            {
                cache.Resume();
            }
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            // Still suspended: the next ConnectionRestored of the subscription tries again.
            StoreLog.SubscribeDeferred(logger, keys.EndUserChangesChannelName, ex);
        }
        finally
        {
            subscribing.Release();
        }
    }
}
