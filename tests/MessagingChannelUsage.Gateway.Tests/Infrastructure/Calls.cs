using Google.Rpc;
using Grpc.Core;

namespace MessagingChannelUsage.Gateway.Tests.Infrastructure;

/// <summary>Every gRPC call in a test has a deadline, so a bug fails the test instead of hanging the run.</summary>
public static class Calls
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static CallOptions Options => new(deadline: DateTime.UtcNow + Timeout);

    public static DateTime Deadline => DateTime.UtcNow + Timeout;

    /// <summary>The google.rpc details of a failed call, read back from the trailers.</summary>
    public static (StatusCode Code, ErrorInfo? Info, BadRequest? BadRequest) Details(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var status = exception.GetRpcStatus();
        return (exception.StatusCode, status?.GetDetail<ErrorInfo>(), status?.GetDetail<BadRequest>());
    }
}
