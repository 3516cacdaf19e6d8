using MessagingChannelUsage.Gateway.Errors;
using MessagingChannelUsage.Gateway.Services;

namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>gRPC with size limits and the one error interceptor; health; reflection.</summary>
public static class GrpcHostingExtensions
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
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks()
            .AddCheck<LifecycleHealthCheck>("lifecycle");
        return services;
    }

    /// <summary>Maps the routing-side services, health and reflection.</summary>
    public static IEndpointRouteBuilder MapGatewayGrpc(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<MessageRouterGrpcService>();
        endpoints.MapGrpcService<MessagingSessionGrpcService>();
        endpoints.MapGrpcService<MessagingEndUserGrpcService>();
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }
}
