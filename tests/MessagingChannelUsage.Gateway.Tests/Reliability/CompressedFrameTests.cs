using Google.Protobuf;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Gateway.Tests.Reliability;

/// <summary>
/// A frame whose compressed flag is set while the call names no compression (no grpc-encoding, or
/// identity) cannot be read: the client's mistake, so INVALID_ARGUMENT with a message that says
/// what is wrong, never INTERNAL or UNKNOWN; a stream ends the same way, and the gateway keeps serving.
/// </summary>
public sealed class CompressedFrameTests : IAsyncLifetime
{
    private const string RouteInbound = "/messaging.v1.MessageRouter/RouteInbound";
    private const string RouteStream = "/messaging.v1.MessageRouter/RouteStream";
    private const string DemoChannel = "0Mj0000000DEMO1CAP";

    private GatewayHost? host;

    private GatewayHost Host => host!;

    public async Task InitializeAsync() => host = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("identity")]
    public async Task A_compressed_frame_on_a_call_that_names_no_compression_is_an_invalid_argument(string? encoding)
    {
        using var client = new RawGrpcClient(Host.Address);
        var compressed = RawGrpcClient.Frame(RawGrpcClient.Gzip(Inbound("hello").ToByteArray()), compressed: true);

        var result = await client.CallAsync(RouteInbound, compressed, encoding).WaitAsync(TaskTimeouts.Default);

        Assert.Equal("InvalidArgument", result.Status);
        Assert.Contains("compress", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("grpc-encoding", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compressed_item_in_a_stream_that_names_no_compression_ends_it_invalid_argument_after_the_good_answers()
    {
        using var client = new RawGrpcClient(Host.Address);
        var good = RawGrpcClient.Frame(new RouteRequest { Inbound = Inbound("hello") }.ToByteArray());
        var compressed = RawGrpcClient.Frame(RawGrpcClient.Gzip(new RouteRequest { Inbound = Inbound("hello") }.ToByteArray()), compressed: true);

        var result = await client.CallAsync(RouteStream, [.. good, .. compressed, .. good]).WaitAsync(TaskTimeouts.Default);

        Assert.Equal("InvalidArgument", result.Status);
        Assert.Contains("grpc-encoding", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_such_frames_the_gateway_still_answers_a_well_formed_call()
    {
        using var client = new RawGrpcClient(Host.Address);
        await client.CallAsync(RouteInbound, RawGrpcClient.Frame(RawGrpcClient.Gzip(Inbound("hello").ToByteArray()), compressed: true)).WaitAsync(TaskTimeouts.Default);

        var decision = await Host.CreateClient<MessageRouter.MessageRouterClient>().RouteInboundAsync(Inbound("hello"), deadline: DateTime.UtcNow.AddSeconds(30));

        Assert.Equal(Handler.OmniChannel, decision.Handler);
    }

    private static InboundMessage Inbound(string text) => new() { ChannelId = DemoChannel, PlatformKey = "+15550001", Text = text };
}
