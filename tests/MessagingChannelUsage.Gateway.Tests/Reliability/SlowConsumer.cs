using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Tests.Reliability;

/// <summary>
/// RouteStream clients that send as fast as the gateway accepts and never read an answer: each
/// connection its own HTTP/2 connection with a few streams. What a stuck or hostile connector does.
/// </summary>
public sealed class SlowConsumer(Uri address, string channelId, int connections, int streamsPerConnection, int requestsPerStream) : IAsyncDisposable
{
    private readonly List<HttpClient> clients = [];
    private readonly List<HttpResponseMessage> responses = [];
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> senders = [];

    /// <summary>
    /// Gateway settings for a slow-consumer test: the per-caller routing limit off. Every stuck
    /// stream comes from one address (one anonymous caller) and each item takes a token, so the
    /// limit would pace the read-ahead; flow control alone must bound it, and unpaced is the worst
    /// case for memory.
    /// </summary>
    public static readonly KeyValuePair<string, string?>[] GatewaySettings = [new("Security:Limits:RoutingPerSecond", "0")];

    public int Streams => connections * streamsPerConnection;

    /// <summary>How the streams stand (for a failure message): answered, failed, still waiting for headers.</summary>
    public string State() => string.Join(", ", senders.GroupBy(t => t.IsFaulted ? t.Exception!.GetBaseException().GetType().Name + ": " + t.Exception!.GetBaseException().Message : t.Status.ToString()).Select(g => $"{g.Key} ×{g.Count()}"));

    /// <summary>Opens every stream; requests keep flowing in the background while the gateway reads.</summary>
    public async Task StartAsync()
    {
        byte[] frame = Frame(new RouteRequest { Inbound = new InboundMessage { ChannelId = channelId, PlatformKey = "+15550009999", Text = "hello there" } });
        for (var c = 0; c < connections; c++)
        {
            var client = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = false })
            {
                BaseAddress = address,
                DefaultRequestVersion = HttpVersion.Version20,
                DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Timeout = Timeout.InfiniteTimeSpan,
            };
            clients.Add(client);
            for (var s = 0; s < streamsPerConnection; s++)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/messaging.v1.MessageRouter/RouteStream")
                {
                    Content = new EndlessFrames(frame, requestsPerStream, stop.Token),
                    Version = HttpVersion.Version20,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
                request.Headers.TryAddWithoutValidation("te", "trailers");
                var response = client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
                senders.Add(Keep(response));
            }
        }

        // Headers arrive once the gateway started each call; answers are never read.
        await Task.Yield();
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        foreach (var sender in senders)
        {
            try
            {
                await sender.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or TimeoutException or IOException)
            {
                // The streams are torn down on purpose.
            }
        }

        foreach (var response in responses)
        {
            response.Dispose();
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }

        stop.Dispose();
    }

    private async Task Keep(Task<HttpResponseMessage> response)
    {
        var message = await response;
        lock (responses)
        {
            responses.Add(message);
        }
    }

    private static byte[] Frame(IMessage message) => RawGrpcClient.Frame(message.ToByteArray());

    /// <summary>A request body of <c>count</c> copies of one frame, written as fast as HTTP/2 flow control lets it.</summary>
    private sealed class EndlessFrames(byte[] frame, int count, CancellationToken stop) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            // 64 frames per write: realistic batching without one huge buffer.
            var batch = new byte[frame.Length * 64];
            for (var i = 0; i < 64; i++)
            {
                frame.CopyTo(batch, i * frame.Length);
            }

            for (var sent = 0; sent < count && !stop.IsCancellationRequested; sent += 64)
            {
                await stream.WriteAsync(batch, stop);
                await stream.FlushAsync(stop);
            }

            // Keep the request open (never half-close): the gateway must not wait for an end.
            await Task.Delay(Timeout.Infinite, stop);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
