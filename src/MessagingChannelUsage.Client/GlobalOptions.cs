using System.CommandLine;
using MessagingChannelUsage.Client.Connection;

namespace MessagingChannelUsage.Client;

/// <summary>Options every command takes (recursive: they may follow any subcommand).</summary>
public sealed class GlobalOptions
{
    public Option<string> Address { get; } = new("--address")
    {
        Description = $"The gateway's gRPC address: host:port, http://host:port (HTTP/2 cleartext) or https://host:port (TLS). Default: ${GatewayAddress.EnvironmentVariable} when set, else {GatewayAddress.Default}.",
        DefaultValueFactory = _ => GatewayAddress.FromEnvironment(),
        HelpName = "address",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print responses as protobuf JSON instead of text.",
        Recursive = true,
    };

    /// <summary>--token, --ca, --cert, --key.</summary>
    public ConnectionOptions Connection { get; } = new();

    public Option<int> Timeout { get; } = new("--timeout")
    {
        Description = "Deadline of each call, in seconds.",
        HelpName = "seconds",
        DefaultValueFactory = _ => 30,
        Recursive = true,
    };
}
