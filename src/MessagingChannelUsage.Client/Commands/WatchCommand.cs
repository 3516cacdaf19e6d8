using System.CommandLine;
using Grpc.Core;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Client.Commands;

/// <summary><c>mcu watch [--channel …] [--resume TOKEN]</c>: prints change events as they are committed, until Ctrl+C.</summary>
internal static class WatchCommand
{
    public static Command Build(GlobalOptions globals)
    {
        var channels = new Option<string[]>("--channel") { Description = "Only these channels (repeatable); all when absent.", AllowMultipleArgumentsPerToken = true };
        var resume = new Option<string?>("--resume") { Description = "Resume after this token (printed with every event)." };
        var command = new Command("watch", "Print every committed create or update of a channel or usage as it happens.") { channels, resume };
        CommandRunner.SetAction(command, globals, async (runner, ct) =>
        {
            var request = new WatchChangesRequest { ResumeToken = runner.ParseResult.GetValue(resume) ?? string.Empty };
            request.ChannelIds.AddRange(runner.ParseResult.GetValue(channels) ?? []);
            var client = new MessagingChannelUsageService.MessagingChannelUsageServiceClient(runner.Channel);
            // No deadline: a watch runs until the user stops it.
            using var call = client.WatchChanges(request, new CallOptions(cancellationToken: ct));
            try
            {
                await foreach (var change in call.ResponseStream.ReadAllAsync(ct))
                {
                    await runner.PrintAsync(change);
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
            {
                return 0;
            }

            return 0;
        });
        return command;
    }
}
