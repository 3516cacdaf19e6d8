using MessagingChannelUsage.Gateway.Hosting;
using MessagingChannelUsage.Gateway.Security;
using MessagingChannelUsage.Gateway.JsonApi;

namespace MessagingChannelUsage.Gateway.SalesforceRest;

/// <summary>
/// The REST surface: its own listener (Gateway:RestUrls, default http://127.0.0.1:5052, off
/// when empty) serving Salesforce's REST API for MessagingChannelUsage, the JSON routes of the
/// router and the lifecycle (/v1/…) and their OpenAPI document (/openapi/…). These paths answer
/// only on that listener (404 on the gRPC ports, which stay HTTP/2 gRPC only).
/// </summary>
internal static class RestHostingExtensions
{
    public const string DefaultUrls = "http://127.0.0.1:5052";

    public static WebApplicationBuilder AddGatewayRest(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var listener = new RestListener();
        builder.Services.AddSingleton(listener);
        builder.Services.AddSingleton<RestAccess>();
        builder.Services.AddGatewayJsonApi();
        var urls = builder.Configuration[$"{GatewayOptions.SectionName}:RestUrls"] ?? DefaultUrls;
        if (!string.IsNullOrWhiteSpace(urls))
        {
            var configuration = builder.Configuration;
            ServerCertificateSource? certificate = null;
            builder.WebHost.ConfigureKestrel(kestrel => listener.Listen(kestrel, urls, listen =>
            {
                certificate ??= new ServerCertificateSource(configuration, TimeProvider.System);
                SecurityHostingExtensions.UseGatewayHttps(listen, certificate, configuration);
            }));
        }

        return builder;
    }

    public static WebApplication MapGatewayRest(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var listener = app.Services.GetRequiredService<RestListener>();
        app.Use((context, next) =>
        {
            if (IsRestPath(context.Request.Path) && !listener.Serves(context))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.MapGatewayJsonApi();
        app.MapSalesforceRest();
        return app;
    }

    private static bool IsRestPath(PathString path)
        => path.StartsWithSegments("/services", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);
}
