using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using MessagingChannelUsage.Gateway.Tests.Admin;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using Domain = MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>
/// What one probe call touches: channel A (the target: Conversation Active, MJ Disabled, an
/// open session), channel B (another caller's), and fresh end-user keys.
/// </summary>
public sealed record ProbeWorld(TestChannel A, TestChannel B, string SessionId, string SessionKey, string ProbeKey);

/// <summary>What a caller saw: the status (for RouteStream, the item's when the stream itself was fine) and ErrorInfo.reason.</summary>
public readonly record struct ProbeResult(StatusCode Code, string? Reason);

/// <summary>One valid sample call per RPC of the gateway, made with the given headers.</summary>
public sealed record RpcProbe(string Rpc, Func<SecuredGatewayFixture, ProbeWorld, Metadata, Task<ProbeResult>> Call)
{
    public override string ToString() => Rpc;
}

/// <summary>The sample calls, one per RPC of the contract plus health and reflection.</summary>
public static class RpcProbes
{
    public static IReadOnlyList<RpcProbe> All { get; } =
    [
        new("MessageRouter/RouteInbound", (f, w, h) => Unary(() => f.CreateClient<MessageRouter.MessageRouterClient>().RouteInboundAsync(Messages.Inbound(w.A.Id, w.ProbeKey, "hello"), h, Calls.Deadline))),
        new("MessageRouter/RouteOutbound", (f, w, h) => Unary(() => f.CreateClient<MessageRouter.MessageRouterClient>().RouteOutboundAsync(Messages.Outbound(w.A.Id, w.SessionKey, Handler.OmniChannel), h, Calls.Deadline))),
        new("MessageRouter/RouteStream", RouteStreamAsync),
        new("MessageRouter/Simulate", (f, w, h) => Unary(() => f.CreateClient<MessageRouter.MessageRouterClient>().SimulateAsync(
            new SimulateRequest { ChannelId = w.A.Id, Messages = { new RouteRequest { Inbound = Messages.Inbound(w.A.Id, w.ProbeKey, "hello") } } }, h, Calls.Deadline))),

        new("MessagingChannelService/CreateChannel", (f, w, h) => Unary(() => f.CreateClient<MessagingChannelService.MessagingChannelServiceClient>().CreateChannelAsync(AdminApi.ChannelDraft(), h, Calls.Deadline))),
        new("MessagingChannelService/GetChannel", (f, w, h) => Unary(() => f.CreateClient<MessagingChannelService.MessagingChannelServiceClient>().GetChannelAsync(new GetChannelRequest { Id = w.A.Id }, h, Calls.Deadline))),
        new("MessagingChannelService/UpdateChannel", UpdateChannelAsync),
        new("MessagingChannelService/ListChannels", (f, w, h) => Unary(() => f.CreateClient<MessagingChannelService.MessagingChannelServiceClient>().ListChannelsAsync(new ListChannelsRequest { PageSize = 10 }, h, Calls.Deadline))),

        new("MessagingChannelUsageService/Create", (f, w, h) => Unary(() => Usages(f).CreateAsync(
            new Protos.V1.MessagingChannelUsage { MessagingChannelId = w.A.Id, DeploymentType = DeploymentType.MessagingEngagement }, h, Calls.Deadline))),
        new("MessagingChannelUsageService/Update", (f, w, h) => Unary(() => Usages(f).UpdateAsync(
            new UpdateUsageRequest
            {
                Usage = new Protos.V1.MessagingChannelUsage { Id = w.A.UsageIds[Domain.DeploymentType.Conversation], ConsentType = ConsentType.ExplicitOptIn },
                UpdateMask = new FieldMask { Paths = { "consent_type" } },
            },
            h,
            Calls.Deadline))),
        new("MessagingChannelUsageService/Upsert", (f, w, h) => Unary(() => Usages(f).UpsertAsync(
            new Protos.V1.MessagingChannelUsage
            {
                Id = w.A.UsageIds[Domain.DeploymentType.MJ],
                MessagingChannelId = w.A.Id,
                DeploymentType = DeploymentType.Mj,
                ConsentType = ConsentType.ExplicitOptIn,
            },
            h,
            Calls.Deadline))),
        new("MessagingChannelUsageService/Retrieve", (f, w, h) => Unary(() => Usages(f).RetrieveAsync(new RetrieveUsagesRequest { Ids = { w.A.UsageIds[Domain.DeploymentType.Conversation] } }, h, Calls.Deadline))),
        new("MessagingChannelUsageService/Query", (f, w, h) => Unary(() => Usages(f).QueryAsync(new QueryRequest { Soql = $"SELECT Id FROM MessagingChannelUsage WHERE MessagingChannelId = '{w.A.Id}'" }, h, Calls.Deadline))),
        new("MessagingChannelUsageService/DescribeSObject", (f, w, h) => Unary(() => Usages(f).DescribeSObjectAsync(new DescribeSObjectRequest { Name = "MessagingChannelUsage" }, h, Calls.Deadline))),
        new("MessagingChannelUsageService/WatchChanges", WatchChangesAsync),

        new("ChannelDeploymentService/Activate", (f, w, h) => Unary(() => Deployments(f).ActivateAsync(new DeploymentRequest { UsageId = w.A.UsageIds[Domain.DeploymentType.MJ] }, h, Calls.Deadline))),
        new("ChannelDeploymentService/Deactivate", (f, w, h) => Unary(() => Deployments(f).DeactivateAsync(new DeploymentRequest { UsageId = w.A.UsageIds[Domain.DeploymentType.Conversation] }, h, Calls.Deadline))),
        new("ChannelDeploymentService/Retry", (f, w, h) => Unary(() => Deployments(f).RetryAsync(new DeploymentRequest { UsageId = w.A.UsageIds[Domain.DeploymentType.MJ] }, h, Calls.Deadline))),
        new("ChannelDeploymentService/ReportProvisioningResult", (f, w, h) => Unary(() => Deployments(f).ReportProvisioningResultAsync(new ProvisioningResult { UsageId = w.A.UsageIds[Domain.DeploymentType.MJ], Success = true }, h, Calls.Deadline))),

        new("MessagingSessionService/GetSession", (f, w, h) => Unary(() => Sessions(f).GetSessionAsync(new GetSessionRequest { Id = w.SessionId }, h, Calls.Deadline))),
        new("MessagingSessionService/ListSessions", (f, w, h) => Unary(() => Sessions(f).ListSessionsAsync(new ListSessionsRequest { ChannelId = w.A.Id }, h, Calls.Deadline))),
        new("MessagingSessionService/UpdateSessionStatus", (f, w, h) => Unary(() => Sessions(f).UpdateSessionStatusAsync(new UpdateSessionStatusRequest { Id = w.SessionId, Status = SessionStatus.Active }, h, Calls.Deadline))),

        new("MessagingEndUserService/GetEndUser", (f, w, h) => Unary(() => f.CreateClient<MessagingEndUserService.MessagingEndUserServiceClient>().GetEndUserAsync(new GetEndUserRequest { ChannelId = w.A.Id, PlatformKey = w.SessionKey }, h, Calls.Deadline))),

        new("AuditService/ListAuditEvents", (f, w, h) => Unary(() => f.CreateClient<AuditService.AuditServiceClient>().ListAuditEventsAsync(new ListAuditEventsRequest { ObjectId = w.A.Id }, h, Calls.Deadline))),

        new("grpc.health.v1.Health/Check", (f, w, h) => Unary(() => f.CreateClient<Health.HealthClient>().CheckAsync(new HealthCheckRequest(), h, Calls.Deadline))),
        new("grpc.reflection ServerReflectionInfo", ReflectionAsync),
    ];

    /// <summary>A world for one probe: fresh channels, a session opened by routing with <paramref name="admin"/>.</summary>
    public static async Task<ProbeWorld> CreateWorldAsync(SecuredGatewayFixture fixture, Metadata admin)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var a = await fixture.Channels.CreateAsync(
            Domain.ChannelKind.Unified,
            new TestUsage(Domain.DeploymentType.Conversation),
            new TestUsage(Domain.DeploymentType.MJ, Domain.DeploymentStatus.Disabled));
        var b = await fixture.Channels.ServiceOnlyAsync();
        var sessionKey = TestChannel.NewPlatformKey();
        var decision = await fixture.CreateClient<MessageRouter.MessageRouterClient>().RouteInboundAsync(Messages.Inbound(a.Id, sessionKey, "Where is my order?"), admin, Calls.Deadline);
        Assert.False(string.IsNullOrEmpty(decision.SessionId));
        return new ProbeWorld(a, b, decision.SessionId, sessionKey, TestChannel.NewPlatformKey());
    }

    private static MessagingChannelUsageService.MessagingChannelUsageServiceClient Usages(SecuredGatewayFixture f) => f.CreateClient<MessagingChannelUsageService.MessagingChannelUsageServiceClient>();

    private static ChannelDeploymentService.ChannelDeploymentServiceClient Deployments(SecuredGatewayFixture f) => f.CreateClient<ChannelDeploymentService.ChannelDeploymentServiceClient>();

    private static MessagingSessionService.MessagingSessionServiceClient Sessions(SecuredGatewayFixture f) => f.CreateClient<MessagingSessionService.MessagingSessionServiceClient>();

    private static async Task<ProbeResult> Unary<T>(Func<AsyncUnaryCall<T>> call)
    {
        try
        {
            using var pending = call();
            await pending;
            return new ProbeResult(StatusCode.OK, null);
        }
        catch (RpcException exception)
        {
            return Failed(exception);
        }
    }

    private static ProbeResult Failed(RpcException exception) => new(exception.StatusCode, Calls.Details(exception).Info?.Reason);

    private static async Task<ProbeResult> RouteStreamAsync(SecuredGatewayFixture f, ProbeWorld w, Metadata headers)
    {
        try
        {
            using var call = f.CreateClient<MessageRouter.MessageRouterClient>().RouteStream(headers, Calls.Deadline);
            try
            {
                await call.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound(w.A.Id, w.ProbeKey, "hello") });
                await call.RequestStream.CompleteAsync();
            }
            catch (RpcException)
            {
                // A refused call can end before the request is written: its status comes with the response.
            }

            var items = new List<RoutingDecision>();
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                items.Add(call.ResponseStream.Current);
            }

            var error = Assert.Single(items).Error;
            return error is null ? new ProbeResult(StatusCode.OK, null) : new ProbeResult((StatusCode)error.StatusCode, error.ErrorCode);
        }
        catch (RpcException exception)
        {
            return Failed(exception);
        }
    }

    private static async Task<ProbeResult> UpdateChannelAsync(SecuredGatewayFixture f, ProbeWorld w, Metadata headers)
    {
        var client = f.CreateClient<MessagingChannelService.MessagingChannelServiceClient>();
        var current = await client.GetChannelAsync(new GetChannelRequest { Id = w.A.Id }, f.Admin, Calls.Deadline);
        current.MasterLabel = "Renamed by a probe";
        return await Unary(() => client.UpdateChannelAsync(current, headers, Calls.Deadline));
    }

    /// <summary>A watch that was admitted stays open: reaching the (short) deadline means admitted.</summary>
    private static async Task<ProbeResult> WatchChangesAsync(SecuredGatewayFixture f, ProbeWorld w, Metadata headers)
    {
        try
        {
            using var call = Usages(f).WatchChanges(new WatchChangesRequest { ChannelIds = { w.A.Id } }, headers, DateTime.UtcNow.AddSeconds(2));
            await call.ResponseStream.MoveNext(CancellationToken.None);
            return new ProbeResult(StatusCode.OK, null);
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.DeadlineExceeded)
        {
            return new ProbeResult(StatusCode.OK, null);
        }
        catch (RpcException exception)
        {
            return Failed(exception);
        }
    }

    private static async Task<ProbeResult> ReflectionAsync(SecuredGatewayFixture f, ProbeWorld w, Metadata headers)
    {
        try
        {
            using var call = f.CreateClient<ServerReflection.ServerReflectionClient>().ServerReflectionInfo(headers, Calls.Deadline);
            try
            {
                await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
                await call.RequestStream.CompleteAsync();
            }
            catch (RpcException)
            {
                // A refused call can end before the request is written: its status comes with the response.
            }

            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }

            return new ProbeResult(StatusCode.OK, null);
        }
        catch (RpcException exception)
        {
            return Failed(exception);
        }
    }
}
