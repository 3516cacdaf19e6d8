using System.Collections.Frozen;
using Google.Protobuf;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// The permission table of every RPC (domain.md §11, security.md): route for MessageRouter,
/// read for reads, admin for every write. docs/security.md shows it as a matrix, checked by the
/// tests against this table and against real calls. A method missing here is treated as an
/// admin call on every channel (deny by default).
/// </summary>
internal static class RpcRules
{
    private const string HealthPrefix = "/grpc.health.v1.Health/";
    private const string ReflectionPrefix = "/grpc.reflection.";

    /// <summary>Health: no credentials, no limit.</summary>
    public static RpcRule Health { get; } = new(HealthPrefix + "*", Permissions.None, ChannelRule.None, null, LimitGroup.None);

    /// <summary>Server reflection (v1 and v1alpha): read.</summary>
    public static RpcRule Reflection { get; } = new(ReflectionPrefix + "*", Permissions.Read, ChannelRule.None, null, LimitGroup.Admin);

    /// <summary>Every messaging.v1 method, in the order of the protos.</summary>
    public static IReadOnlyList<RpcRule> All { get; } =
    [
        Route(MessageRouter.Descriptor, nameof(MessageRouter.MessageRouterBase.RouteInbound), ChannelRule.Request, Of<InboundMessage>(m => [ChannelRef.Channel(m.ChannelId)])),
        Route(MessageRouter.Descriptor, nameof(MessageRouter.MessageRouterBase.RouteOutbound), ChannelRule.Request, Of<OutboundMessage>(m => [ChannelRef.Channel(m.ChannelId)])),
        Route(MessageRouter.Descriptor, nameof(MessageRouter.MessageRouterBase.RouteStream), ChannelRule.PerItem, null),
        Read(MessageRouter.Descriptor, nameof(MessageRouter.MessageRouterBase.Simulate), ChannelRule.Request, Of<SimulateRequest>(SimulateChannels)),

        Admin(MessagingChannelService.Descriptor, nameof(MessagingChannelService.MessagingChannelServiceBase.CreateChannel), ChannelRule.EveryChannel, null),
        Read(MessagingChannelService.Descriptor, nameof(MessagingChannelService.MessagingChannelServiceBase.GetChannel), ChannelRule.Request, Of<GetChannelRequest>(m => [ChannelRef.Channel(m.Id)])),
        Admin(MessagingChannelService.Descriptor, nameof(MessagingChannelService.MessagingChannelServiceBase.UpdateChannel), ChannelRule.Request, Of<MessagingChannel>(m => [ChannelRef.Channel(m.Id)])),
        Read(MessagingChannelService.Descriptor, nameof(MessagingChannelService.MessagingChannelServiceBase.ListChannels), ChannelRule.Filtered, null),

        Admin(MessagingChannelUsageService.Descriptor, nameof(MessagingChannelUsageService.MessagingChannelUsageServiceBase.Create), ChannelRule.Request, Of<Protos.V1.MessagingChannelUsage>(m => [ChannelRef.Channel(m.MessagingChannelId)])),
        Admin(MessagingChannelUsageService.Descriptor, nameof(MessagingChannelUsageService.MessagingChannelUsageServiceBase.Update), ChannelRule.Request, Of<UpdateUsageRequest>(m => [ChannelRef.Usage(m.Usage?.Id ?? string.Empty), ChannelRef.Channel(m.Usage?.MessagingChannelId ?? string.Empty)])),
        Admin(MessagingChannelUsageService.Descriptor, nameof(MessagingChannelUsageService.MessagingChannelUsageServiceBase.Upsert), ChannelRule.Request, Of<Protos.V1.MessagingChannelUsage>(m => [ChannelRef.Usage(m.Id), ChannelRef.Channel(m.MessagingChannelId)])),
        Read(MessagingChannelUsageService.Descriptor, nameof(MessagingChannelUsageService.MessagingChannelUsageServiceBase.Retrieve), ChannelRule.Request, Of<RetrieveUsagesRequest>(m => m.Ids.Select(ChannelRef.Usage))),
        Read(MessagingChannelUsageService.Descriptor, nameof(MessagingChannelUsageService.MessagingChannelUsageServiceBase.Query), ChannelRule.Filtered, null),
        Read(MessagingChannelUsageService.Descriptor, nameof(MessagingChannelUsageService.MessagingChannelUsageServiceBase.DescribeSObject), ChannelRule.None, null),
        Read(MessagingChannelUsageService.Descriptor, nameof(MessagingChannelUsageService.MessagingChannelUsageServiceBase.WatchChanges), ChannelRule.Request, Of<WatchChangesRequest>(WatchedChannels)),

        Admin(ChannelDeploymentService.Descriptor, nameof(ChannelDeploymentService.ChannelDeploymentServiceBase.Activate), ChannelRule.Request, Of<DeploymentRequest>(m => [ChannelRef.Usage(m.UsageId)])),
        Admin(ChannelDeploymentService.Descriptor, nameof(ChannelDeploymentService.ChannelDeploymentServiceBase.Deactivate), ChannelRule.Request, Of<DeploymentRequest>(m => [ChannelRef.Usage(m.UsageId)])),
        Admin(ChannelDeploymentService.Descriptor, nameof(ChannelDeploymentService.ChannelDeploymentServiceBase.Retry), ChannelRule.Request, Of<DeploymentRequest>(m => [ChannelRef.Usage(m.UsageId)])),
        Admin(ChannelDeploymentService.Descriptor, nameof(ChannelDeploymentService.ChannelDeploymentServiceBase.ReportProvisioningResult), ChannelRule.Request, Of<ProvisioningResult>(m => [ChannelRef.Usage(m.UsageId)])),

        Read(MessagingSessionService.Descriptor, nameof(MessagingSessionService.MessagingSessionServiceBase.GetSession), ChannelRule.Request, Of<GetSessionRequest>(m => [ChannelRef.Session(m.Id)])),
        Read(MessagingSessionService.Descriptor, nameof(MessagingSessionService.MessagingSessionServiceBase.ListSessions), ChannelRule.Request, Of<ListSessionsRequest>(m => [ChannelRef.Channel(m.ChannelId)])),
        Admin(MessagingSessionService.Descriptor, nameof(MessagingSessionService.MessagingSessionServiceBase.UpdateSessionStatus), ChannelRule.Request, Of<UpdateSessionStatusRequest>(m => [ChannelRef.Session(m.Id)])),

        Read(MessagingEndUserService.Descriptor, nameof(MessagingEndUserService.MessagingEndUserServiceBase.GetEndUser), ChannelRule.Request, Of<GetEndUserRequest>(m => [ChannelRef.Channel(m.ChannelId)])),

        new($"/{AuditService.Descriptor.FullName}/{nameof(AuditService.AuditServiceBase.ListAuditEvents)}", Permissions.Admin, ChannelRule.EveryChannel, null, LimitGroup.Admin),
    ];

    private static readonly FrozenDictionary<string, RpcRule> ByMethod = All.ToFrozenDictionary(rule => rule.Method, StringComparer.Ordinal);

    /// <summary>What a method not in the table requires: admin on every channel (deny by default).</summary>
    public static RpcRule Unlisted(string method) => new(method, Permissions.Admin, ChannelRule.EveryChannel, null, LimitGroup.Admin, IsWrite: true);

    /// <summary>The rule of a full method path ("/package.Service/Method").</summary>
    public static RpcRule Find(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (ByMethod.TryGetValue(method, out var rule))
        {
            return rule;
        }

        if (method.StartsWith(HealthPrefix, StringComparison.Ordinal))
        {
            return Health;
        }

        return method.StartsWith(ReflectionPrefix, StringComparison.Ordinal) ? Reflection : Unlisted(method);
    }

    private static RpcRule Route(Google.Protobuf.Reflection.ServiceDescriptor service, string method, ChannelRule channels, Func<IMessage, IEnumerable<ChannelRef>>? channelsOf)
        => new($"/{service.FullName}/{method}", Permissions.Route, channels, channelsOf, LimitGroup.Routing);

    private static RpcRule Read(Google.Protobuf.Reflection.ServiceDescriptor service, string method, ChannelRule channels, Func<IMessage, IEnumerable<ChannelRef>>? channelsOf)
        => new($"/{service.FullName}/{method}", Permissions.Read, channels, channelsOf, LimitGroup.Admin);

    private static RpcRule Admin(Google.Protobuf.Reflection.ServiceDescriptor service, string method, ChannelRule channels, Func<IMessage, IEnumerable<ChannelRef>>? channelsOf)
        => new($"/{service.FullName}/{method}", Permissions.Admin, channels, channelsOf, LimitGroup.Admin, IsWrite: true);

    private static Func<IMessage, IEnumerable<ChannelRef>> Of<TRequest>(Func<TRequest, IEnumerable<ChannelRef>> select)
        where TRequest : IMessage
        => message => message is TRequest request ? select(request) : [];

    /// <summary>The simulated channel and every message's channel.</summary>
    private static IEnumerable<ChannelRef> SimulateChannels(SimulateRequest request)
    {
        yield return ChannelRef.Channel(request.ChannelId);
        foreach (var message in request.Messages)
        {
            yield return ChannelRef.Channel(message.Inbound?.ChannelId ?? message.Outbound?.ChannelId ?? string.Empty);
        }
    }

    /// <summary>The watched channels; none named means every channel (a special ref nobody limited owns).</summary>
    private static IEnumerable<ChannelRef> WatchedChannels(WatchChangesRequest request)
        => request.ChannelIds.Count == 0 ? [ChannelRef.Channel(EveryChannelMarker)] : request.ChannelIds.Select(ChannelRef.Channel);

    /// <summary>A channel id no limited caller can hold: stands for "every channel" in a request.</summary>
    internal const string EveryChannelMarker = "*every*";
}
