using Grpc.Core;
using MessagingChannelUsage.Gateway.DemoData;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace MessagingChannelUsage.Gateway.Tests.Errors;

/// <summary>Failures below the services reach the client through the one interceptor, without internals.</summary>
public sealed class UnexpectedErrorTests
{
    [Fact]
    public async Task RouteInbound_StoreThrowsUnexpectedly_IsInternalWithoutInternals()
    {
        await using var host = await StartWithFailingEndUsers(new InvalidOperationException("secret connection string xyz"));

        var exception = await Assert.ThrowsAsync<RpcException>(
            () => host.CreateClient<MessageRouter.MessageRouterClient>().InboundAsync(DemoChannels.ServiceOnly, "+15550001", "hello"));

        Assert.Equal(StatusCode.Internal, exception.StatusCode);
        Assert.DoesNotContain("secret", exception.Status.Detail, StringComparison.Ordinal);
        Assert.Null(exception.GetRpcStatus());
    }

    [Fact]
    public async Task RouteInbound_StoreUnavailable_IsUnavailableWithStoreUnavailableReason()
    {
        await using var host = await StartWithFailingEndUsers(
            new DomainException(ErrorKind.Unavailable, ErrorCodes.StoreUnavailable, null, "The Redis store is unavailable."));

        var exception = await Assert.ThrowsAsync<RpcException>(
            () => host.CreateClient<MessageRouter.MessageRouterClient>().InboundAsync(DemoChannels.ServiceOnly, "+15550001", "hello"));

        var (code, info, _) = Calls.Details(exception);
        Assert.Equal(StatusCode.Unavailable, code);
        Assert.Equal(ErrorCodes.StoreUnavailable, info?.Reason);
    }

    private static Task<GatewayHost> StartWithFailingEndUsers(Exception failure) => GatewayHost.StartAsync(
        [new("Store:Kind", "Memory")],
        services => services.AddSingleton<IEndUserStore>(new FailingEndUserStore(failure)));

    /// <summary>An end-user store whose every call fails with the given exception.</summary>
    private sealed class FailingEndUserStore(Exception failure) : IEndUserStore
    {
        public Task<EndUserState> GetStateAsync(string channelId, string platformKey, CancellationToken cancellationToken)
            => Task.FromException<EndUserState>(failure);

        public Task<ApplyResult> ApplyAsync(
            string channelId, string platformKey, EndUserState? expected, EndUserEffects effects, DateTimeOffset now, CancellationToken cancellationToken)
            => Task.FromException<ApplyResult>(failure);

        public Task<MessagingChannelUsage.Routing.Model.MessagingEndUser?> GetAsync(string channelId, string platformKey, CancellationToken cancellationToken)
            => Task.FromException<MessagingChannelUsage.Routing.Model.MessagingEndUser?>(failure);
    }
}
