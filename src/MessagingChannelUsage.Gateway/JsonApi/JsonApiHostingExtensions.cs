using Microsoft.OpenApi.Models;

namespace MessagingChannelUsage.Gateway.JsonApi;

/// <summary>
/// JSON for the router and the lifecycle (rest.md "JSON for the router and the lifecycle"): the
/// google.api.http rules of the protos served by ASP.NET Core gRPC JSON transcoding, each call
/// going through the same gRPC service, interceptors and validation as over gRPC; and the OpenAPI
/// document of those routes at /openapi/v1.json. Both answer on the REST listener only
/// (Gateway:RestUrls): the gRPC ports stay HTTP/2 gRPC.
/// </summary>
internal static class JsonApiHostingExtensions
{
    public const string OpenApiPath = "/openapi/v1.json";

    /// <remarks>
    /// Call before the gRPC registration (AddGatewayGrpc): AddGrpc here would otherwise put back
    /// grpc-dotnet's binder that <see cref="Edge.ReadableRequestRegistration"/> replaces.
    /// </remarks>
    public static IServiceCollection AddGatewayJsonApi(this IServiceCollection services)
    {
        services.AddGrpc().AddJsonTranscoding(json => json.TypeRegistry = JsonErrors.DetailTypes);
        services.AddSingleton<JsonRequestGate>();
        services.AddGrpcSwagger();
        services.AddSwaggerGen(swagger => swagger.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "MessagingChannelUsage gateway: JSON for the router and the lifecycle",
            Version = "v1",
            Description = "gRPC JSON transcoding of messaging.v1 (proto3 JSON: lowerCamelCase fields, enums by name). "
                + "Errors are google.rpc.Status with ErrorInfo (reason = Salesforce-style code, metadata.field) and BadRequest details.",
        }));
        return services;
    }

    public static WebApplication MapGatewayJsonApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var gate = app.Services.GetRequiredService<JsonRequestGate>();
        app.Use((context, next) => gate.InvokeAsync(context, next));
        app.MapSwagger("/openapi/{documentName}.json");
        return app;
    }
}
