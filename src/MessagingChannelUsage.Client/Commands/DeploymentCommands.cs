using System.CommandLine;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Client.Commands;

/// <summary><c>mcu activate|deactivate|retry ID</c>: Setup's Activate/Connect, Deactivate/Disconnect and retry.</summary>
internal static class DeploymentCommands
{
    public static IEnumerable<Command> Build(GlobalOptions globals)
    {
        yield return Step(globals, "activate", "Activate (Enhanced) or Connect (Unified) a usage.",
            (client, request, options) => client.ActivateAsync(request, options).ResponseAsync);
        yield return Step(globals, "deactivate", "Deactivate (Enhanced) or Disconnect (Unified) a usage.",
            (client, request, options) => client.DeactivateAsync(request, options).ResponseAsync);
        yield return Step(globals, "retry", "Retry the failed step of a usage in Error.",
            (client, request, options) => client.RetryAsync(request, options).ResponseAsync);
    }

    private static Command Step(
        GlobalOptions globals,
        string name,
        string description,
        Func<ChannelDeploymentService.ChannelDeploymentServiceClient, DeploymentRequest, Grpc.Core.CallOptions, Task<MessagingChannelUsage.Protos.V1.MessagingChannelUsage>> call)
    {
        var id = new Argument<string>("id") { Description = "Usage id." };
        var command = new Command(name, description) { id };
        CommandRunner.SetAction(command, globals, async (runner, ct) =>
        {
            var client = new ChannelDeploymentService.ChannelDeploymentServiceClient(runner.Channel);
            var usage = await call(client, new DeploymentRequest { UsageId = runner.ParseResult.GetRequiredValue(id) }, runner.Options(ct));
            await runner.PrintAsync(usage);
            return 0;
        });
        return command;
    }
}
