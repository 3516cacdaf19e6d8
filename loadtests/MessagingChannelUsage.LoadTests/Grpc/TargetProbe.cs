using Grpc.Core;
using Grpc.Net.Client;
using MessagingChannelUsage.LoadTests.Echo.V1;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.LoadTests.Grpc;

/// <summary>
/// Waits for a server to answer gRPC. Any answer counts, an error status included (an empty
/// RouteInbound is InvalidArgument on a live gateway); only Unavailable means "not yet".
/// </summary>
public static class TargetProbe
{
    public static async Task<bool> WaitAsync(Uri address, string kind, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
                if (kind == "echo")
                {
                    await new Echo.V1.Echo.EchoClient(channel).EchoAsync(new EchoRequest(), deadline: deadline, cancellationToken: cancellationToken);
                }
                else
                {
                    await new MessageRouter.MessageRouterClient(channel).RouteInboundAsync(new InboundMessage(), deadline: deadline, cancellationToken: cancellationToken);
                }

                return true;
            }
            catch (RpcException e) when (e.StatusCode is not (StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled))
            {
                return true;
            }
            catch (RpcException)
            {
                if (DateTime.UtcNow >= until)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }
}
