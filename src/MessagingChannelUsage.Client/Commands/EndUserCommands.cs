using System.CommandLine;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Client.Commands;

/// <summary><c>mcu enduser get --channel ID --key KEY</c>.</summary>
internal static class EndUserCommands
{
    public static Command Build(GlobalOptions globals)
    {
        var endUser = new Command("enduser", "Messaging end users.");
        var channel = new Option<string>("--channel") { Required = true, Description = "Channel id." };
        var key = new Option<string>("--key") { Required = true, Description = "The platform key (phone number, ...)." };
        var get = new Command("get", "Show an end user's consent and open session.") { channel, key };
        CommandRunner.SetAction(get, globals, async (runner, ct) =>
        {
            var client = new MessagingEndUserService.MessagingEndUserServiceClient(runner.Channel);
            var request = new GetEndUserRequest
            {
                ChannelId = runner.ParseResult.GetRequiredValue(channel),
                PlatformKey = runner.ParseResult.GetRequiredValue(key),
            };
            await runner.PrintAsync(await client.GetEndUserAsync(request, runner.Options(ct)));
            return 0;
        });
        endUser.Add(get);
        return endUser;
    }
}
