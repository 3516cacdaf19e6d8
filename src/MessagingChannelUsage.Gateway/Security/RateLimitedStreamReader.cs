using Grpc.Core;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// A RouteStream's request reader that takes one routing token per item before handing it on:
/// a stream faster than its caller's rate is slowed down (the reader waits, HTTP/2 flow control
/// holds the sender); when even the wait queue is full the stream ends with RESOURCE_EXHAUSTED.
/// </summary>
internal sealed class RateLimitedStreamReader<T>(IAsyncStreamReader<T> inner, CallerLimits limits, string partition, CancellationToken callCancellation)
    : IAsyncStreamReader<T>
{
    public T Current => inner.Current;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (!await inner.MoveNext(cancellationToken))
        {
            return false;
        }

        var token = cancellationToken.CanBeCanceled ? cancellationToken : callCancellation;
        if (!await limits.WaitForRoutingTokenAsync(partition, token))
        {
            throw AccessErrors.LimitExceeded(LimitGroup.Routing, TimeSpan.FromSeconds(1));
        }

        return true;
    }
}
