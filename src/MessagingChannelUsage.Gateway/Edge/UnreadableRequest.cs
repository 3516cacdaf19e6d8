using System.Diagnostics.Metrics;
using Grpc.Core;

namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>
/// The answer to request bytes that cannot be read (not protobuf, bad UTF-8, truncated, too deeply
/// nested, corrupt compression): INVALID_ARGUMENT with a short message, counted in
/// <c>mcu.gateway.unreadable_requests</c>, never logged with a stack trace. gRPC reads a unary
/// request before any interceptor runs, so this is raised from the request marshaller
/// (<see cref="ReadableRequestMethodProvider{TService}"/>) and the gzip provider
/// (<see cref="CheckedGzipCompressionProvider"/>), where grpc-dotnet keeps an RpcException's
/// status instead of answering UNKNOWN.
/// </summary>
internal sealed class UnreadableRequest
{
    public const string MeterName = "MessagingChannelUsage.Gateway.Edge";

    private readonly Counter<long> count;

    public UnreadableRequest(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        count = meterFactory.Create(MeterName).CreateCounter<long>(
            "mcu.gateway.unreadable_requests", "{request}", "Requests whose bytes could not be read (answered INVALID_ARGUMENT), by what was expected.");
    }

    /// <param name="what">A message type name or "gzip": few values, so fit for a tag.</param>
    /// <param name="problem">The parser's short reason (no stack, no internals).</param>
    public RpcException Error(string what, string problem)
    {
        count.Add(1, new KeyValuePair<string, object?>("expected", what));
        return new RpcException(new Status(StatusCode.InvalidArgument, $"The request could not be read as {what}: {problem}"));
    }
}
