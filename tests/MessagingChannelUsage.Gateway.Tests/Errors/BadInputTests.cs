using Grpc.Core;
using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;

namespace MessagingChannelUsage.Gateway.Tests.Errors;

/// <summary>Bad input to the unary RPCs: the exact gRPC status, ErrorInfo.reason and BadRequest field from the trailers.</summary>
[Collection(SharedGateway.Name)]
public sealed class BadInputTests(GatewayFixture fixture)
{
    private readonly MessageRouter.MessageRouterClient router = fixture.Router;

    [Theory]
    [InlineData("0Mj00000000001")] // 14 characters
    [InlineData("0Mj0000000000XYZZZ")] // 18 characters, wrong case suffix
    [InlineData("0Mj00000000-001")] // not alphanumeric
    [InlineData("0Mu000000000001")] // a valid id of another object
    public async Task RouteInbound_MalformedChannelId_IsInvalidArgumentInvalidIdField(string channelId)
    {
        var exception = await Assert.ThrowsAsync<RpcException>(() => router.InboundAsync(channelId, "+15550001", "hi"));

        AssertError(exception, StatusCode.InvalidArgument, ErrorCodes.InvalidIdField, "channel_id");
    }

    [Fact]
    public async Task RouteInbound_FifteenCharacterChannelId_IsAcceptedAsTheSameChannel()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();

        var viaShortId = await router.InboundAsync(channel.Id[..15], key, "hello");
        var viaLongId = await router.InboundAsync(channel.Id, key, "hello again");

        Assert.Equal(RoutingReason.ServiceOnly, viaShortId.Reason);
        Assert.Equal(viaShortId.SessionId, viaLongId.SessionId);
    }

    [Theory]
    [InlineData(99)]
    [InlineData((int)Handler.None)]
    public async Task RouteOutbound_SenderThatIsNoSender_IsInvalidArgumentRestrictedPicklist(int sender)
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();

        var exception = await Assert.ThrowsAsync<RpcException>(() => router.OutboundAsync(channel.Id, "+15550001", (Handler)sender));

        AssertError(exception, StatusCode.InvalidArgument, ErrorCodes.InvalidOrNullForRestrictedPicklist, "sender");
    }

    [Fact]
    public async Task RouteOutbound_MissingSender_IsRequiredFieldMissing()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();

        var exception = await Assert.ThrowsAsync<RpcException>(() => router.OutboundAsync(channel.Id, "+15550001", Handler.Unspecified));

        AssertError(exception, StatusCode.InvalidArgument, ErrorCodes.RequiredFieldMissing, "sender");
    }

    [Fact]
    public async Task RouteInbound_OversizeText_IsResourceExhaustedStringTooLong()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();

        var exception = await Assert.ThrowsAsync<RpcException>(() => router.InboundAsync(channel.Id, "+15550001", new string('a', 4097)));

        AssertError(exception, StatusCode.ResourceExhausted, ErrorCodes.StringTooLong, "text");
    }

    [Fact]
    public async Task RouteInbound_TextOfExactlyTheLimit_IsRouted()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();

        var decision = await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), new string('a', 4096));

        Assert.Equal(RoutingReason.ServiceOnly, decision.Reason);
    }

    [Fact]
    public async Task RouteInbound_MissingPlatformKey_IsRequiredFieldMissing()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();

        var exception = await Assert.ThrowsAsync<RpcException>(() => router.InboundAsync(channel.Id, string.Empty, "hi"));

        AssertError(exception, StatusCode.InvalidArgument, ErrorCodes.RequiredFieldMissing, "platform_key");
    }

    [Fact]
    public async Task RouteInbound_OversizeMessageIdAndPlatformKey_AreBothReported()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();

        var exception = await Assert.ThrowsAsync<RpcException>(
            () => router.InboundAsync(channel.Id, new string('1', 257), "hi", messageId: new string('m', 129)));

        var (code, info, badRequest) = Calls.Details(exception);
        Assert.Equal(StatusCode.ResourceExhausted, code);
        Assert.Equal(ErrorCodes.StringTooLong, info?.Reason);
        Assert.Equal(["platform_key", "message_id"], badRequest!.FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task RouteInbound_RequestOverTheMessageSizeLimit_IsRejectedByGrpc()
    {
        var exception = await Assert.ThrowsAsync<RpcException>(
            () => router.InboundAsync(SalesforceId.NewId(KeyPrefixes.MessagingChannel), "+15550001", new string('a', 70 * 1024)));

        Assert.Equal(StatusCode.ResourceExhausted, exception.StatusCode);
    }

    [Fact]
    public async Task GetSession_UnknownId_IsNotFound()
    {
        var exception = await Assert.ThrowsAsync<RpcException>(
            async () => await fixture.Sessions.GetSessionAsync(new GetSessionRequest { Id = SalesforceId.NewId(KeyPrefixes.MessagingSession) }, Calls.Options));

        AssertError(exception, StatusCode.NotFound, ErrorCodes.NotFound, "id");
    }

    [Fact]
    public async Task GetEndUser_UnknownPlatformKey_IsNotFound()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();

        var exception = await Assert.ThrowsAsync<RpcException>(
            async () => await fixture.EndUsers.GetEndUserAsync(new GetEndUserRequest { ChannelId = channel.Id, PlatformKey = "+10000000000" }, Calls.Options));

        AssertError(exception, StatusCode.NotFound, ErrorCodes.NotFound, "platform_key");
    }

    [Fact]
    public async Task UpdateSessionStatus_UnknownStatusNumber_IsInvalidArgumentRestrictedPicklist()
    {
        var exception = await Assert.ThrowsAsync<RpcException>(async () => await fixture.Sessions.UpdateSessionStatusAsync(
            new UpdateSessionStatusRequest { Id = SalesforceId.NewId(KeyPrefixes.MessagingSession), Status = (SessionStatus)77 },
            Calls.Options));

        AssertError(exception, StatusCode.InvalidArgument, ErrorCodes.InvalidOrNullForRestrictedPicklist, "status");
    }

    private static void AssertError(RpcException exception, StatusCode expectedCode, string expectedReason, string expectedField)
    {
        var (code, info, badRequest) = Calls.Details(exception);
        Assert.Equal(expectedCode, code);
        Assert.NotNull(info);
        Assert.Equal(expectedReason, info.Reason);
        Assert.Equal(DomainErrorStatus.ErrorDomain, info.Domain);
        Assert.Equal(expectedField, info.Metadata["field"]);
        Assert.NotNull(badRequest);
        Assert.Contains(badRequest.FieldViolations, v => v.Field == expectedField);
    }
}
