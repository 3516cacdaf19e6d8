using Grpc.Core;
using Grpc.Core.Interceptors;
using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>
/// Errors at the edge, in one place, for every service of the host: a
/// <see cref="DomainException"/> becomes an <see cref="RpcException"/> with rich details; an
/// unexpected exception is logged and becomes Internal without internals; cancellation and
/// RpcExceptions pass through untouched. A unary call that completed synchronously costs no
/// extra state machine.
/// </summary>
internal sealed class DomainExceptionInterceptor(ILogger<DomainExceptionInterceptor> logger) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Task<TResponse> task;
        try
        {
            task = continuation(request, context);
        }
        catch (Exception exception) when (Translate(exception, context) is { } translated)
        {
            return Task.FromException<TResponse>(translated);
        }

        return task.IsCompletedSuccessfully ? task : Awaited(task, context, this);

        static async Task<TResponse> Awaited(Task<TResponse> task, ServerCallContext context, DomainExceptionInterceptor self)
        {
            try
            {
                return await task;
            }
            catch (Exception exception) when (self.Translate(exception, context) is { } translated)
            {
                throw translated;
            }
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception exception) when (Translate(exception, context) is { } translated)
        {
            throw translated;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request,
        IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception exception) when (Translate(exception, context) is { } translated)
        {
            throw translated;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception exception) when (Translate(exception, context) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>The exception to throw instead, or null to let the original through.</summary>
    private RpcException? Translate(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case RpcException:
                return null;
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                // The client went away or the deadline passed: gRPC reports Cancelled/DeadlineExceeded.
                return null;
            case DomainException domain:
                GatewayLog.DomainError(logger, context.Method, domain.Kind, domain.Code);
                return DomainErrorStatus.ToRpcException(domain);
            default:
                GatewayLog.UnhandledError(logger, context.Method, exception);
                return new RpcException(new Status(StatusCode.Internal, "An internal error occurred."));
        }
    }
}
