using System.Threading.RateLimiting;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using MessagingChannelUsage.Gateway.Audit;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// Who may call what, for every gRPC method of the host, before the service runs (so a denied
/// call reads no record for the answer and writes nothing): authenticate → the rule's permission
/// (<see cref="RpcRules"/>) → the caller's limits → for a caller limited to some channels, the
/// channels the request names → the call; an admin write is audited. Lists and queries filter
/// their rows with <see cref="CallerResolver.Current"/>; RouteStream checks each item.
/// Runs inside DomainExceptionInterceptor, so a store failure while looking up an owner is
/// reported like any other.
/// </summary>
internal sealed class AccessInterceptor(
    CallerResolver resolver,
    ChannelOwners owners,
    CallerLimits limits,
    WriteAuditor auditor,
    ILogger<AccessInterceptor> logger) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        var rule = RpcRules.Find(context.Method);
        if (rule.IsPublic)
        {
            return continuation(request, context);
        }

        var http = context.GetHttpContext();
        var pending = resolver.ResolveAsync(http);
        if (!pending.IsCompletedSuccessfully || rule.IsWrite)
        {
            return Slow(pending, rule, http, request, context, continuation);
        }

        // Completed successfully (checked above): reading the ValueTask's result does not block.
        var caller = pending.Result;
        Admit(caller, rule, context.Method);
        var lease = Acquire(caller!, rule, http);
        if (NeedsOwners(caller!, rule))
        {
            return Owned(caller!, rule, lease, request, context, continuation);
        }

        return RunReleasing(lease, request, context, continuation);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        using var lease = await AdmitStreamAsync(context, request: null);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request,
        IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        using var lease = await AdmitStreamAsync(context, request as IMessage);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        using var lease = await AdmitStreamAsync(context, request: null);
        var rule = RpcRules.Find(context.Method);
        var reader = requestStream;
        if (rule.Group == LimitGroup.Routing && limits.LimitsRoutingItems && await resolver.ResolveAsync(context.GetHttpContext()) is { } caller)
        {
            reader = new RateLimitedStreamReader<TRequest>(requestStream, limits, CallerLimits.PartitionOf(caller, context.GetHttpContext()), context.CancellationToken);
        }

        await continuation(reader, responseStream, context);
    }

    /// <summary>Admission of a streaming call; the lease holds its concurrency permit until the stream ends.</summary>
    private async Task<IDisposable> AdmitStreamAsync(ServerCallContext context, IMessage? request)
    {
        var rule = RpcRules.Find(context.Method);
        if (rule.IsPublic)
        {
            return NoRelease.Instance;
        }

        var http = context.GetHttpContext();
        var caller = await resolver.ResolveAsync(http);
        Admit(caller, rule, context.Method);
        var lease = Acquire(caller!, rule, http);
        try
        {
            if (request is not null && NeedsOwners(caller!, rule))
            {
                await CheckOwnersAsync(caller!, rule, request, context);
            }
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        return lease;
    }

    private async Task<TResponse> Slow<TRequest, TResponse>(
        ValueTask<Caller?> pending,
        RpcRule rule,
        HttpContext http,
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        var caller = await pending;
        Admit(caller, rule, context.Method);
        using var lease = Acquire(caller!, rule, http);
        if (NeedsOwners(caller!, rule))
        {
            await CheckOwnersAsync(caller!, rule, (IMessage)request, context);
        }

        return rule.IsWrite
            ? await auditor.AuditAsync(rule, caller!, (IMessage)request, () => continuation(request, context), context.CancellationToken)
            : await continuation(request, context);
    }

    private async Task<TResponse> Owned<TRequest, TResponse>(
        Caller caller,
        RpcRule rule,
        RateLimitLease lease,
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        using (lease)
        {
            await CheckOwnersAsync(caller, rule, (IMessage)request, context);
            return await continuation(request, context);
        }
    }

    private static Task<TResponse> RunReleasing<TRequest, TResponse>(
        RateLimitLease lease,
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        Task<TResponse> task;
        try
        {
            task = continuation(request, context);
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        if (task.IsCompleted)
        {
            lease.Dispose();
            return task;
        }

        return Released(task, lease);

        static async Task<TResponse> Released(Task<TResponse> task, RateLimitLease lease)
        {
            using (lease)
            {
                return await task;
            }
        }
    }

    /// <summary>Authentication and the rule's permission; throws UNAUTHENTICATED / PERMISSION_DENIED.</summary>
    private void Admit(Caller? caller, RpcRule rule, string method)
    {
        var outcome = AccessEvaluator.CheckScope(caller, rule);
        if (outcome != AccessOutcome.Allowed)
        {
            SecurityLog.Denied(logger, method, caller?.Identity ?? "(none)", outcome);
            throw AccessErrors.ToRpcException(outcome);
        }
    }

    private RateLimitLease Acquire(Caller caller, RpcRule rule, HttpContext http)
        => limits.TryAcquire(CallerLimits.PartitionOf(caller, http), rule.Group, out var retryAfter)
            ?? throw AccessErrors.LimitExceeded(rule.Group, retryAfter);

    private static bool NeedsOwners(Caller caller, RpcRule rule)
        => rule.Channels == ChannelRule.Request && rule.ChannelsOf is not null && !caller.Channels.IsAll;

    private async Task CheckOwnersAsync(Caller caller, RpcRule rule, IMessage request, ServerCallContext context)
    {
        var channels = await owners.ResolveAsync(rule.ChannelsOf!(request), context.CancellationToken);
        var outcome = AccessEvaluator.CheckChannels(caller, channels);
        if (outcome != AccessOutcome.Allowed)
        {
            SecurityLog.Denied(logger, context.Method, caller.Identity, outcome);
            throw AccessErrors.ToRpcException(outcome);
        }
    }

    private sealed class NoRelease : IDisposable
    {
        public static readonly NoRelease Instance = new();

        public void Dispose()
        {
        }
    }
}
