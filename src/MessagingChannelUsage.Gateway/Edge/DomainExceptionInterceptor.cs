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
/// <para>
/// It is the only interceptor gRPC runs: the <paramref name="inner"/> one (access control) is
/// called from here, inside the error handling, instead of as a second entry in gRPC's pipeline,
/// where every interceptor costs an async wrapper, a task and a container lookup per call
/// (issue 12, docs/performance.md session 6).
/// </para>
/// </summary>
/// <param name="logger">Where unexpected errors and domain errors are logged.</param>
/// <param name="inner">The interceptor that runs inside this one, or null.</param>
internal sealed class DomainExceptionInterceptor(ILogger<DomainExceptionInterceptor> logger, Interceptor? inner = null) : Interceptor
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
            task = inner is null ? continuation(request, context) : inner.UnaryServerHandler(request, context, continuation);
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
            return await (inner is null ? continuation(requestStream, context) : inner.ClientStreamingServerHandler(requestStream, context, continuation));
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
            await (inner is null ? continuation(request, responseStream, context) : inner.ServerStreamingServerHandler(request, responseStream, context, continuation));
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
            await (inner is null ? continuation(requestStream, responseStream, context) : inner.DuplexStreamingServerHandler(requestStream, responseStream, context, continuation));
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
