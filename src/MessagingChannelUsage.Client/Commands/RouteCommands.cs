using System.CommandLine;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Client.Commands;

/// <summary><c>mcu route inbound|outbound</c>: ask the gateway who handles a message.</summary>
internal static class RouteCommands
{
    public static Command Build(GlobalOptions globals)
    {
        var route = new Command("route", "Route one message and print the decision.");
        route.Add(Inbound(globals));
        route.Add(Outbound(globals));
        return route;
    }

    private static Command Inbound(GlobalOptions globals)
    {
        var channel = new Option<string>("--channel") { Description = "Channel id.", Required = true };
        var from = new Option<string>("--from") { Description = "The customer's platform key (phone number, ...).", Required = true };
        var text = new Option<string>("--text") { Description = "Message text.", Required = true };
        var messageId = new Option<string?>("--message-id") { Description = "Idempotency key: a replay returns the first decision." };
        var command = new Command("inbound", "Customer → business.") { channel, from, text, messageId };
        CommandRunner.SetAction(command, globals, async (runner, ct) =>
        {
            var client = new MessageRouter.MessageRouterClient(runner.Channel);
            var request = new InboundMessage
            {
                ChannelId = runner.ParseResult.GetRequiredValue(channel),
                PlatformKey = runner.ParseResult.GetRequiredValue(from),
                Text = runner.ParseResult.GetRequiredValue(text),
                MessageId = runner.ParseResult.GetValue(messageId) ?? string.Empty,
                ReceivedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            };
            await runner.PrintAsync(await client.RouteInboundAsync(request, runner.Options(ct)));
            return 0;
        });
        return command;
    }

    private static Command Outbound(GlobalOptions globals)
    {
        var channel = new Option<string>("--channel") { Description = "Channel id.", Required = true };
        var to = new Option<string>("--to") { Description = "The customer's platform key.", Required = true };
        var sender = new Option<string>("--sender") { Description = $"Handler that sends: {EnumArgument.List<Handler>()} (or omni, journey).", Required = true };
        var text = new Option<string>("--text") { Description = "Message text.", Required = true };
        var messageId = new Option<string?>("--message-id") { Description = "Idempotency key." };
        var command = new Command("outbound", "Business → customer.") { channel, to, sender, text, messageId };
        CommandRunner.SetAction(command, globals, async (runner, ct) =>
        {
            var client = new MessageRouter.MessageRouterClient(runner.Channel);
            var request = new OutboundMessage
            {
                ChannelId = runner.ParseResult.GetRequiredValue(channel),
                PlatformKey = runner.ParseResult.GetRequiredValue(to),
                Text = runner.ParseResult.GetRequiredValue(text),
                Sender = Sender(runner.ParseResult.GetRequiredValue(sender)),
                MessageId = runner.ParseResult.GetValue(messageId) ?? string.Empty,
            };
            await runner.PrintAsync(await client.RouteOutboundAsync(request, runner.Options(ct)));
            return 0;
        });
        return command;
    }

    private static Handler Sender(string text) => text.ToUpperInvariant() switch
    {
        "OMNI" => Handler.OmniChannel,
        "JOURNEY" => Handler.JourneyBuilder,
        _ => EnumArgument.Parse<Handler>(text, "--sender"),
    };
}
