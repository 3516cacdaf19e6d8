using System.Globalization;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Memory;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// Changes from every gateway instance: the write scripts PUBLISH "channelId:version" on the
/// changes channel; this feed relays them to local subscribers. When the subscription connection
/// is lost (or comes back), messages may have been missed, so it announces ChannelChange(null, 0):
/// the near cache drops everything and reloads on demand.
/// </summary>
internal sealed class RedisChangeFeed(RedisKeys keys, ILogger logger) : IChannelChangeFeed
{
    private readonly InProcessChangeFeed local = new();
    private IConnectionMultiplexer? connection;

    /// <summary>1 while the SUBSCRIBE has not reached Redis yet (Redis was down at start-up).</summary>
    private int subscribePending;

    public IDisposable Subscribe(Action<ChannelChange> onChange) => local.Subscribe(onChange);

    public void PublishLocal(ChannelChange change) => local.Publish(change);

    /// <summary>
    /// Subscribes. When Redis is down (abortConnect=false start-up) the SUBSCRIBE fails fast; it is
    /// then sent again when the subscription connection is restored, so start-up never fails here.
    /// </summary>
    public async Task StartAsync(IConnectionMultiplexer multiplexer)
    {
        connection = multiplexer;
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        await TrySubscribeAsync();
    }

    public void Stop(IConnectionMultiplexer multiplexer)
    {
        multiplexer.ConnectionFailed -= OnConnectionFailed;
        multiplexer.ConnectionRestored -= OnConnectionRestored;
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        var text = (string?)message;
        var colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon <= 0 || !long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            StoreLog.MalformedChangeMessage(logger, keys.ChangesChannelName, text ?? "(null)");
            return;
        }

        local.Publish(new ChannelChange(text[..colon], version));
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        StoreLog.RedisConnectionFailed(logger, e.ConnectionType, e.EndPoint, e.FailureType, e.Exception);
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            local.Publish(new ChannelChange(null, 0));
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        StoreLog.RedisConnectionRestored(logger, e.ConnectionType, e.EndPoint);
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            if (Volatile.Read(ref subscribePending) == 1)
            {
                _ = TrySubscribeAsync();
            }

            local.Publish(new ChannelChange(null, 0));
        }
    }

    private async Task TrySubscribeAsync()
    {
        if (connection is not { } multiplexer)
        {
            return;
        }

        var subscriber = multiplexer.GetSubscriber();
        try
        {
            // Drop a half-registered handler first, so a retry never delivers each message twice.
            await subscriber.UnsubscribeAsync(keys.ChangesChannel, OnMessage, CommandFlags.FireAndForget);
            await subscriber.SubscribeAsync(keys.ChangesChannel, OnMessage);
            Volatile.Write(ref subscribePending, 0);
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            Volatile.Write(ref subscribePending, 1);
            StoreLog.SubscribeDeferred(logger, keys.ChangesChannelName, ex);
        }
    }
}
