using System.Collections.Concurrent;
using Grpc.AspNetCore.Server;
using MessagingChannelUsage.Routing.Errors;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MessagingChannelUsage.Gateway.JsonApi;

/// <summary>
/// In front of every JSON route with a body: reads the body once (up to the method's gRPC
/// MaxReceiveMessageSize, else 413), checks it with <see cref="JsonRequestCheck"/> (a problem is
/// 400 with the Salesforce-style code and field, <see cref="JsonErrors"/>), and hands the same
/// bytes on to JSON transcoding. A body sent as form data is read as JSON, because that is what
/// <c>curl -d</c> declares; any other non-JSON type is 415, as on the Salesforce REST surface.
/// </summary>
internal sealed class JsonRequestGate(IServiceProvider services, IOptions<GrpcServiceOptions> grpcOptions)
{
    private const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;
    private readonly ConcurrentDictionary<Type, int> limits = new();

    /// <summary>
    /// Not async itself: every gRPC call (and every JSON route without a body) passes straight
    /// through, and an async method here cost each of them a state machine box (issue 12).
    /// </summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var endpoint = context.GetEndpoint();
        var route = endpoint?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>();
        return route is null || route.HttpRule.Body != "*"
            ? next(context)
            : GateAsync(context, next, endpoint!, route);
    }

    private async Task GateAsync(HttpContext context, RequestDelegate next, Endpoint endpoint, GrpcJsonTranscodingMetadata route)
    {
        var request = context.Request;
        if (!IsJson(request.ContentType))
        {
            if (!string.IsNullOrEmpty(request.ContentType) && !IsForm(request.ContentType))
            {
                await JsonErrors.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, new DomainException(
                    ErrorKind.InvalidArgument, ErrorCodes.UnsupportedMediaType, null, $"Content-Type '{request.ContentType}' is not JSON; send application/json."));
                return;
            }

            request.ContentType = "application/json";
        }

        var limit = Limit(endpoint.Metadata.GetMetadata<GrpcMethodMetadata>()?.ServiceType);
        if (request.ContentLength > limit || await ReadAsync(request, limit, context.RequestAborted) is not { } body)
        {
            await JsonErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, new Google.Rpc.Status
            {
                Code = (int)Grpc.Core.StatusCode.ResourceExhausted,
                Message = $"The request body is larger than {limit} bytes (the gRPC MaxReceiveMessageSize of this call).",
            });
            return;
        }

        if (JsonRequestCheck.Find(body.GetBuffer().AsSpan(0, (int)body.Length), route.MethodDescriptor.InputType) is { } problem)
        {
            await JsonErrors.WriteAsync(context, StatusCodes.Status400BadRequest, new DomainException(ErrorKind.InvalidArgument, [problem]));
            return;
        }

        request.Body = body;
        await next(context);
    }

    /// <summary>The body in memory, or null when it is longer than <paramref name="limit"/>.</summary>
    private static async Task<MemoryStream?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var body = new MemoryStream((int)Math.Min(request.ContentLength ?? 512, limit));
        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            if (body.Length + read.Buffer.Length > limit)
            {
                reader.AdvanceTo(read.Buffer.End);
                return null;
            }

            foreach (var segment in read.Buffer)
            {
                body.Write(segment.Span);
            }

            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                body.Position = 0;
                return body;
            }
        }
    }

    /// <summary>The service's own MaxReceiveMessageSize, else the global one (what gRPC applies to the same call).</summary>
    private int Limit(Type? serviceType) => serviceType is null
        ? grpcOptions.Value.MaxReceiveMessageSize ?? DefaultMaxReceiveMessageSize
        : limits.GetOrAdd(serviceType, type =>
        {
            var optionsType = typeof(IOptions<>).MakeGenericType(typeof(GrpcServiceOptions<>).MakeGenericType(type));
            var perService = (GrpcServiceOptions)optionsType.GetProperty(nameof(IOptions<GrpcServiceOptions>.Value))!.GetValue(services.GetRequiredService(optionsType))!;
            return perService.MaxReceiveMessageSize ?? grpcOptions.Value.MaxReceiveMessageSize ?? DefaultMaxReceiveMessageSize;
        });

    private static bool IsJson(string? contentType)
        => MediaTypeHeaderValue.TryParse(contentType, out var type)
            && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private static bool IsForm(string contentType)
        => MediaTypeHeaderValue.TryParse(contentType, out var type) && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
