using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Tests.Infrastructure;

/// <summary>Short ways to build and send routing requests.</summary>
public static class Messages
{
    public static InboundMessage Inbound(string channelId, string platformKey, string text, string? messageId = null) => new()
    {
        ChannelId = channelId,
        PlatformKey = platformKey,
        Text = text,
        MessageId = messageId ?? string.Empty,
    };

    public static OutboundMessage Outbound(string channelId, string platformKey, Handler sender, string text = "Hello from us", string? messageId = null) => new()
    {
        ChannelId = channelId,
        PlatformKey = platformKey,
        Text = text,
        Sender = sender,
        MessageId = messageId ?? string.Empty,
    };

    public static async Task<RoutingDecision> InboundAsync(this MessageRouter.MessageRouterClient client, string channelId, string platformKey, string text, string? messageId = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return await client.RouteInboundAsync(Inbound(channelId, platformKey, text, messageId), Calls.Options);
    }

    public static async Task<RoutingDecision> OutboundAsync(this MessageRouter.MessageRouterClient client, string channelId, string platformKey, Handler sender, string? messageId = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return await client.RouteOutboundAsync(Outbound(channelId, platformKey, sender, messageId: messageId), Calls.Options);
    }
}
