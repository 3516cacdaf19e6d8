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

    public IDisposable Subscribe(Action<ChannelChange> onChange) => local.Subscribe(onChange);

    public void PublishLocal(ChannelChange change) => local.Publish(change);

    public async Task StartAsync(IConnectionMultiplexer multiplexer)
    {
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        await multiplexer.GetSubscriber().SubscribeAsync(keys.ChangesChannel, OnMessage);
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
            local.Publish(new ChannelChange(null, 0));
        }
    }
}
