using System.Net.Sockets;
using Grpc.Core;

namespace MessagingChannelUsage.Client.Connection;

/// <summary>
/// Turns a call that never reached the gateway into words: which address was tried and what to
/// check. A status the gateway itself sent (it carries an ErrorInfo) gets no hint.
/// </summary>
public static class ConnectionHint
{
    private const int MetricsPort = 9464;

    /// <summary>A one-line explanation and a hint, or null when the gateway answered.</summary>
    public static (string Problem, string Hint)? For(RpcException exception, Uri address)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(address);
        var where = $"{address.Host}:{address.Port}";
        var detail = exception.Status.Detail ?? string.Empty;
        var inner = exception.Status.DebugException;

        if (detail.Contains("HTTP_1_1_REQUIRED", StringComparison.Ordinal))
        {
            var metrics = address.Port == MetricsPort ? $" (port {MetricsPort} is the gateway's metrics port)" : string.Empty;
            return ($"{where} speaks HTTP/1.1, not gRPC{metrics}",
                $"point --address (or {GatewayAddress.EnvironmentVariable}) at the gateway's gRPC port, {GatewayAddress.DefaultPort} by default (Gateway:Urls).");
        }

        if (exception.StatusCode == StatusCode.Unavailable && IsConnectionFailure(exception, detail, inner))
        {
            return ($"cannot connect to the gateway at {where} ({Reason(inner) ?? detail.TrimEnd('.')})",
                $"is the gateway running and listening there? It listens on {GatewayAddress.Default} unless Gateway:Urls says otherwise; set --address or {GatewayAddress.EnvironmentVariable}.");
        }

        if (exception.StatusCode == StatusCode.DeadlineExceeded && exception.Trailers.Count == 0)
        {
            return ($"no answer from {where} before the deadline",
                "is it a gRPC endpoint? A gateway under load may also need a longer --timeout.");
        }

        if (exception.StatusCode == StatusCode.Internal && detail.StartsWith("Error starting gRPC call", StringComparison.Ordinal))
        {
            return ($"{where} did not answer as a gRPC server ({Reason(inner) ?? detail})",
                $"check --address (or {GatewayAddress.EnvironmentVariable}): http:// for the gateway's cleartext HTTP/2 port.");
        }

        return null;
    }

    private static bool IsConnectionFailure(RpcException exception, string detail, Exception? inner)
        => detail.Contains("Error connecting to subchannel", StringComparison.Ordinal)
           || detail.StartsWith("Error starting gRPC call", StringComparison.Ordinal)
           || Find<SocketException>(inner) is not null
           || (exception.Trailers.Count == 0 && inner is HttpRequestException);

    private static string? Reason(Exception? inner)
        => Find<SocketException>(inner) is { } socket ? socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.NoData => "host not found",
            SocketError.TimedOut => "connection timed out",
            _ => socket.Message,
        } : null;

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }
}
