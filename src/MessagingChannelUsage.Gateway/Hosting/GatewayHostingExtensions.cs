using MessagingChannelUsage.Gateway.SalesforceRest;
using MessagingChannelUsage.Gateway.Security;
using MessagingChannelUsage.Gateway.Shutdown;
using MessagingChannelUsage.Gateway.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>The whole composition of the gateway, shared by Program and the end-to-end tests.</summary>
internal static class GatewayHostingExtensions
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddGatewayKestrel();
        builder.AddGatewayRest();
        var services = builder.Services;
        services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddGatewayStore(builder.Configuration);
        services.AddGatewayGrpc(builder.Configuration);
        builder.AddGatewaySecurity();
        services.AddDemoData();
        builder.AddGatewayTelemetry();
        services.AddGracefulShutdown(builder.Configuration);
        services.AddHostedService<IdleMemoryTrim>();
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGatewayTelemetry();
        app.MapGatewayRest();
        app.MapGatewayGrpc();
        return app;
    }
}
