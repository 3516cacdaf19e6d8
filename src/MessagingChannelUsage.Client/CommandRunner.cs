using System.CommandLine;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using MessagingChannelUsage.Client.Connection;
using MessagingChannelUsage.Client.Output;

namespace MessagingChannelUsage.Client;

/// <summary>
/// What one command invocation needs: a channel to the gateway, call options with a deadline,
/// and the writers. Failures with a gRPC status are printed (status, ErrorInfo reason, field
/// violations) and turn into exit code <see cref="CliApp.RpcFailed"/>.
/// </summary>
public sealed class CommandRunner : IDisposable
{
    private readonly int timeoutSeconds;
    private readonly bool json;

    private CommandRunner(ParseResult parseResult, GlobalOptions globals, Uri address)
    {
        ParseResult = parseResult;
        Output = parseResult.InvocationConfiguration.Output;
        Error = parseResult.InvocationConfiguration.Error;
        json = parseResult.GetValue(globals.Json);
        timeoutSeconds = Math.Max(1, parseResult.GetValue(globals.Timeout));
        Address = address;
        var connection = globals.Connection;
        Channel = GatewayConnection.Open(
            address.ToString(),
            parseResult.GetValue(connection.Token),
            parseResult.GetValue(connection.Ca)?.FullName,
            parseResult.GetValue(connection.Cert)?.FullName,
            parseResult.GetValue(connection.Key)?.FullName);
    }

    public ParseResult ParseResult { get; }

    /// <summary>The gateway this command talks to (scheme and port filled in).</summary>
    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>Call options with the deadline and the command's cancellation.</summary>
    public CallOptions Options(CancellationToken cancellationToken)
        => new(deadline: DateTime.UtcNow.AddSeconds(timeoutSeconds), cancellationToken: cancellationToken);

    /// <summary>Sets an async action that gets a runner; RpcException → printed, exit code 2.</summary>
    public static void SetAction(Command command, GlobalOptions globals, Func<CommandRunner, CancellationToken, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (!GatewayAddress.TryParse(parseResult.GetValue(globals.Address), out var address, out var problem))
            {
                await error.WriteLineAsync($"error: --address: {problem} (expected host:port, http://host:port or https://host:port).");
                return 1;
            }

            CommandRunner runner;
            try
            {
                runner = new CommandRunner(parseResult, globals, address);
            }
            catch (Exception ex) when (ex is UsageException or IOException or System.Security.Cryptography.CryptographicException)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }

            using var owned = runner;
            try
            {
                return await action(runner, cancellationToken);
            }
            catch (RpcException ex)
            {
                await RpcErrorPrinter.PrintAsync(ex, runner.Address, runner.Error);
                return CliApp.RpcFailed;
            }
            catch (UsageException ex)
            {
                await runner.Error.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }
        });
    }

    /// <summary>Prints a response as text or JSON.</summary>
    public Task PrintAsync(IMessage message)
        => Output.WriteLineAsync(json ? ProtoText.Json(message) : ProtoText.Text(message));

    public void Dispose() => Channel.Dispose();
}

/// <summary>A command-line value the gateway would reject anyway, caught before the call.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
