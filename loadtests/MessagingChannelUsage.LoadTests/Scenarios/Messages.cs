using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using MessagingChannelUsage.LoadTests.Echo.V1;
using MessagingChannelUsage.LoadTests.Engine;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.LoadTests.Scenarios;

/// <summary>Turns templates into the protos each target takes, the same way for gateway and echo.</summary>
internal static class Messages
{
    public static string MessageId(ScenarioSettings settings, ScenarioContext context) =>
        settings.MessageIds ? string.Create(CultureInfo.InvariantCulture, $"lt-{settings.RunTag}-{context.InvocationNumber}") : string.Empty;

    public static InboundMessage Inbound(MessageTemplate t, string messageId) => new()
    {
        MessageId = messageId,
        ChannelId = t.ChannelId,
        PlatformKey = t.PlatformKey,
        Text = t.Text,
        ReceivedAt = Timestamp.FromDateTime(DateTime.UtcNow),
    };

    public static OutboundMessage Outbound(MessageTemplate t, string messageId) => new()
    {
        MessageId = messageId,
        ChannelId = t.ChannelId,
        PlatformKey = t.PlatformKey,
        Text = t.Text,
        Sender = t.Sender,
    };

    public static EchoRequest Echo(MessageTemplate t, string messageId) => new()
    {
        MessageId = messageId,
        ChannelId = t.ChannelId,
        PlatformKey = t.PlatformKey,
        Text = t.Text,
        ReceivedAt = Timestamp.FromDateTime(DateTime.UtcNow),
    };

    /// <summary>The connection for this iteration: stable per copy (closed model), spread by iteration (open model).</summary>
    public static long Slot(ScenarioContext context) => context.CopyIndex >= 0 ? context.CopyIndex : context.InvocationNumber;
}
