using System.CommandLine;

namespace MessagingChannelUsage.Client;

/// <summary>How mcu reaches a gateway that requires credentials or TLS (security.md "Client side").</summary>
public sealed class ConnectionOptions
{
    public const string TokenVariable = "MCU_TOKEN";

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"Bearer token (OAuth 2.0 access token) sent with every call; default ${TokenVariable}.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TokenVariable),
        Recursive = true,
    };

    public Option<FileInfo?> Ca { get; } = new("--ca")
    {
        Description = "PEM file of the CA(s) that signed the gateway's TLS certificate (https:// addresses); default: the system's trust store.",
        Recursive = true,
    };

    public Option<FileInfo?> Cert { get; } = new("--cert")
    {
        Description = "PEM client certificate for mutual TLS (with --key).",
        Recursive = true,
    };

    public Option<FileInfo?> Key { get; } = new("--key")
    {
        Description = "PEM private key of --cert.",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Token, Ca, Cert, Key];
}
