using Grpc.AspNetCore.Server;
using MessagingChannelUsage.Gateway.Audit;
using MessagingChannelUsage.Gateway.Channels;
using MessagingChannelUsage.Gateway.Deployment;
using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Gateway.EndUsers;
using MessagingChannelUsage.Gateway.Routing;
using MessagingChannelUsage.Gateway.Security;
using MessagingChannelUsage.Gateway.Sessions;
using MessagingChannelUsage.Gateway.Usages;

namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>
/// The one registration point of the gRPC API: every feature's application class and what it
/// needs besides the store, gRPC with its size limit and the one error interceptor, health and
/// reflection; then every service mapped. A new feature adds its application class to
/// <see cref="AddGatewayGrpc"/> and its service to <see cref="MapGatewayGrpc"/>.
/// </summary>
internal static class GrpcHostingExtensions
{
    public static IServiceCollection AddGatewayGrpc(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var maxReceive = configuration.GetValue(
            $"{GatewayOptions.SectionName}:{nameof(GatewayOptions.MaxReceiveMessageSize)}",
            new GatewayOptions().MaxReceiveMessageSize);
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = maxReceive;
            grpc.EnableDetailedErrors = false;
            grpc.Interceptors.Add<DomainExceptionInterceptor>();
        }).AddServiceOptions<MessageRouterGrpcService>(router =>
        {
            // Simulate carries up to 10,000 messages; the routing RPCs still check every field's length.
            router.MaxReceiveMessageSize = Math.Max(maxReceive, MessagingChannelUsage.Routing.Rules.Limits.MaxSimulateRequestBytes);
        });
        // Stateless, so one instance each instead of one per call: gRPC takes a service or an
        // interceptor from the container when it is registered there, and creates (and allocates)
        // one per call otherwise (issue 12: ~100 bytes per routed message).
        services.AddSingleton<MessageRouterGrpcService>();
        // The only interceptor in gRPC's pipeline; access control runs inside it (issue 12: each
        // pipeline entry costs an async wrapper, a task and a container lookup per call).
        services.AddSingleton(provider => new DomainExceptionInterceptor(
            provider.GetRequiredService<ILogger<DomainExceptionInterceptor>>(),
            provider.GetRequiredService<AccessInterceptor>()));
        services.AddReadableRequests();
        services.AddGrpcReflection();
        services.AddGatewayHealth();

        services.AddOptions<DeploymentOptions>()
            .BindConfiguration(DeploymentOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<ModstampClock>();
        services.AddSingleton<DecisionReplay>();

        services.AddSingleton<RoutingEngine>();
        services.AddSingleton<SessionApplication>();
        services.AddSingleton<EndUserApplication>();
        services.AddSingleton<ChannelApplication>();
        services.AddSingleton<ChangeWatch>();
        services.AddSingleton<UsageApplication>();
        services.AddSingleton<TrafficSimulator>();
        services.AddSingleton<DeploymentApplication>();
        services.AddSingleton<AuditApplication>();
        return services;
    }

    /// <summary>Maps every service of the API, health and reflection.</summary>
    public static IEndpointRouteBuilder MapGatewayGrpc(this IEndpointRouteBuilder endpoints)
    {
        var root = endpoints.ServiceProvider;
        var withoutScope = SingletonRequestServices.Applicable(root);
        endpoints.MapGrpcService<MessageRouterGrpcService>().Add(endpoint =>
        {
            WithoutHttpRequestMetrics(endpoint);
            if (withoutScope && IsUnaryRoutingCall(endpoint))
            {
                SingletonRequestServices.Apply(endpoint, root);
            }
        });
        endpoints.MapGrpcService<MessagingSessionGrpcService>();
        endpoints.MapGrpcService<MessagingEndUserGrpcService>();
        endpoints.MapGrpcService<MessagingChannelGrpcService>();
        endpoints.MapGrpcService<MessagingChannelUsageGrpcService>();
        endpoints.MapGrpcService<ChannelDeploymentGrpcService>();
        endpoints.MapGrpcService<AuditGrpcService>();
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }

    /// <summary>The routing RPCs whose every message the gateway's own instruments measure.</summary>
    private static readonly HashSet<string> SelfMeasuredMethods = new(StringComparer.Ordinal) { "RouteInbound", "RouteOutbound", "RouteStream" };

    /// <summary>The unary routing RPCs' gRPC endpoints (path /package.Service/Method), not their JSON routes.</summary>
    private static readonly HashSet<string> UnaryRoutingMethods = new(StringComparer.Ordinal) { "RouteInbound", "RouteOutbound" };

    private static bool IsUnaryRoutingCall(EndpointBuilder endpoint)
        => endpoint.Metadata.OfType<GrpcMethodMetadata>().FirstOrDefault() is { } grpc
            && UnaryRoutingMethods.Contains(grpc.Method.Name)
            && endpoint is RouteEndpointBuilder route
            && string.Equals(route.RoutePattern.RawText, "/" + grpc.Method.FullName.TrimStart('/'), StringComparison.Ordinal);

    /// <summary>
    /// ASP.NET Core's http.server.request.duration is not recorded for the routing RPCs: their
    /// latency is mcu.gateway.routing.duration and their outcomes mcu.gateway.decisions/routing.errors,
    /// and recording the same call twice (a histogram with seven tags per message) cost ~5 % of
    /// routing throughput (issue 12, docs/performance.md). Every other RPC and the REST API keep it.
    /// </summary>
    private static void WithoutHttpRequestMetrics(EndpointBuilder endpoint)
    {
        if (endpoint.Metadata.OfType<GrpcMethodMetadata>().FirstOrDefault() is { } grpc && SelfMeasuredMethods.Contains(grpc.Method.Name))
        {
            endpoint.Metadata.Add(new DisableHttpMetricsAttribute());
        }
    }
}
