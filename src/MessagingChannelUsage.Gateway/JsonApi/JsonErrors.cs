using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Gateway.JsonApi;

/// <summary>
/// Errors of the JSON routes in JSON transcoding's own shape, the google.rpc.Status of the gRPC
/// surface as JSON: <c>{"code":3,"message":…,"details":[{"@type":…ErrorInfo,"reason":"INVALID_ID_FIELD",
/// "metadata":{"field":"channel_id"}},{"@type":…BadRequest,"fieldViolations":[…]}]}</c>. The same
/// <see cref="DomainErrorStatus"/> builds it, so a JSON caller reads the same code and field.
/// </summary>
internal static class JsonErrors
{
    /// <summary>The detail types the gateway sends; JSON needs them to write google.protobuf.Any.</summary>
    public static readonly TypeRegistry DetailTypes = TypeRegistry.FromMessages(ErrorInfo.Descriptor, BadRequest.Descriptor);

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(DetailTypes));

    public static Task WriteAsync(HttpContext context, int httpStatus, DomainException exception)
        => WriteAsync(context, httpStatus, DomainErrorStatus.ToRpcStatus(exception));

    public static Task WriteAsync(HttpContext context, int httpStatus, Google.Rpc.Status status)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(Formatter.Format(status), context.RequestAborted);
    }
}
