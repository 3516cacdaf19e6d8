using System.CommandLine;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Client.Commands;

/// <summary><c>mcu session list --channel ID</c>.</summary>
internal static class SessionCommands
{
    public static Command Build(GlobalOptions globals)
    {
        var session = new Command("session", "Messaging sessions.");
        var channel = new Option<string>("--channel") { Required = true, Description = "Channel id." };
        var openOnly = new Option<bool>("--open-only") { Description = "Only sessions neither Ended nor Error." };
        var pageSize = new Option<int>("--page-size") { DefaultValueFactory = _ => 100, Description = "Sessions to list at most." };
        var list = new Command("list", "List a channel's sessions.") { channel, openOnly, pageSize };
        CommandRunner.SetAction(list, globals, async (runner, ct) =>
        {
            var client = new MessagingSessionService.MessagingSessionServiceClient(runner.Channel);
            var request = new ListSessionsRequest
            {
                ChannelId = runner.ParseResult.GetRequiredValue(channel),
                OpenOnly = runner.ParseResult.GetValue(openOnly),
                PageSize = runner.ParseResult.GetValue(pageSize),
            };
            await runner.PrintAsync(await client.ListSessionsAsync(request, runner.Options(ct)));
            return 0;
        });
        session.Add(list);
        return session;
    }
}
