using Google.Rpc;
using Grpc.Core;

namespace MessagingChannelUsage.Client.Output;

/// <summary>
/// Prints a failed call: the gRPC status and message, then the google.rpc details from the
/// trailers (ErrorInfo reason, every BadRequest field violation), so an admin sees exactly which
/// field broke which rule.
/// </summary>
public static class RpcErrorPrinter
{
    public static async Task PrintAsync(RpcException exception, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(error);
        await error.WriteLineAsync($"error: {exception.StatusCode}: {exception.Status.Detail}").ConfigureAwait(false);
        var status = exception.GetRpcStatus();
        if (status is null)
        {
            return;
        }

        if (status.GetDetail<ErrorInfo>() is { } info)
        {
            await error.WriteLineAsync($"reason: {info.Reason}").ConfigureAwait(false);
        }

        if (status.GetDetail<BadRequest>() is { } badRequest)
        {
            foreach (var violation in badRequest.FieldViolations)
            {
                await error.WriteLineAsync($"field {violation.Field}: {violation.Description}").ConfigureAwait(false);
            }
        }
    }
}
