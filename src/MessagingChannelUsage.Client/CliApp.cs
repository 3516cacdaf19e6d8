using System.CommandLine;
using MessagingChannelUsage.Client.Commands;

namespace MessagingChannelUsage.Client;

/// <summary>
/// The command tree of <c>mcu</c>. Public so tests run the very same handlers in process, with
/// their own output writers (InvocationConfiguration.Output/Error).
/// </summary>
public static class CliApp
{
    public const string DefaultAddress = Connection.GatewayAddress.Default;

    /// <summary>Exit code of a call that failed with a gRPC status.</summary>
    public const int RpcFailed = 2;

    public static RootCommand BuildRootCommand()
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("mcu: route messages and administer MessagingChannelUsage through the gateway.");
        root.Add(globals.Address);
        root.Add(globals.Json);
        root.Add(globals.Timeout);
        foreach (var option in globals.Connection.All)
        {
            root.Add(option);
        }

        root.Add(RouteCommands.Build(globals));
        root.Add(SimulateCommand.Build(globals));
        root.Add(WatchCommand.Build(globals));
        root.Add(ChannelCommands.Build(globals));
        root.Add(UsageCommands.Build(globals));
        foreach (var command in DeploymentCommands.Build(globals))
        {
            root.Add(command);
        }

        root.Add(SessionCommands.Build(globals));
        root.Add(EndUserCommands.Build(globals));
        return root;
    }
}
