using Microsoft.AspNetCore.Http;

namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>
/// First in the pipeline: a gRPC call without <c>grpc-encoding</c> (or with <c>identity</c>) gets
/// <see cref="UnannouncedCompression.Name"/>, so a compressed frame on it is refused INVALID_ARGUMENT
/// by that provider instead of INTERNAL by grpc-dotnet. Uncompressed frames are read as before.
/// </summary>
internal sealed class UnannouncedCompressionMarker : IStartupFilter
{
    private const string EncodingHeader = "grpc-encoding";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            Mark(context.Request);
            return nextMiddleware(context);
        });
        next(app);
    };

    internal static void Mark(HttpRequest request)
    {
        if (request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
        {
            var encoding = request.Headers[EncodingHeader];
            if (encoding.Count == 0 || string.Equals(encoding, "identity", StringComparison.Ordinal))
            {
                request.Headers[EncodingHeader] = UnannouncedCompression.Name;
            }
        }
    }
}
