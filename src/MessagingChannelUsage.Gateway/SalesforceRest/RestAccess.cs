using MessagingChannelUsage.Gateway.Audit;
using MessagingChannelUsage.Gateway.Security;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.SalesforceRest;

/// <summary>
/// Endpoint metadata: the gRPC method whose rule (<see cref="RpcRules"/>) a REST endpoint follows,
/// so both surfaces share one permission table: create/update/upsert need messaging.admin,
/// retrieve/query/describe messaging.read, and a caller limited to some channels sees and
/// touches only those.
/// </summary>
internal sealed record RestRule(RpcRule Rule)
{
    public static RestRule Of(string method)
        => new(RpcRules.Find($"/{MessagingChannelUsageService.Descriptor.FullName}/{method}"));
}

/// <summary>
/// Who may call the REST API (rest.md, security.md), before a handler runs: authentication
/// (401 INVALID_SESSION_ID), the endpoint's permission (403 INSUFFICIENT_ACCESS_OR_READONLY) and
/// the caller's admin limit (429 REQUEST_LIMIT_EXCEEDED with Retry-After: HTTP clients retry on
/// 429; Salesforce's own 403 for its daily limit would read as a permission problem). The channel
/// checks need the parsed request, so handlers call <see cref="CheckChannelsAsync"/> and
/// <see cref="WriteAsync"/> (audited like a gRPC admin write).
/// </summary>
internal sealed class RestAccess(CallerResolver resolver, ChannelOwners owners, CallerLimits limits, WriteAuditor auditor, ILogger<RestAccess> logger)
{
    public async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var rule = http.GetEndpoint()?.Metadata.GetMetadata<RestRule>()?.Rule;
        if (rule is null || rule.IsPublic)
        {
            return await next(context);
        }

        var caller = await resolver.ResolveAsync(http);
        var outcome = AccessEvaluator.CheckScope(caller, rule);
        if (outcome != AccessOutcome.Allowed)
        {
            LogDenied(http, caller?.Identity, outcome);
            return Denied(outcome);
        }

        using var lease = limits.TryAcquire(CallerLimits.PartitionOf(caller!, http), rule.Group, out var retryAfter);
        if (lease is null)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return SalesforceErrors.One(StatusCodes.Status429TooManyRequests, ErrorCodes.RequestLimitExceeded,
                $"The caller's admin limit is reached; retry after {retryAfter.TotalMilliseconds:0} ms.");
        }

        return await next(context);
    }

    /// <summary>The channels a caller limited to some channels may see: all otherwise (or when anonymous).</summary>
    public static ChannelAccess Visible(HttpContext http) => CallerResolver.Current(http)?.Channels ?? ChannelAccess.All;

    /// <summary>403 when a caller limited to some channels names a record or channel outside them.</summary>
    public async Task CheckChannelsAsync(HttpContext http, IEnumerable<ChannelRef> references)
    {
        if (CallerResolver.Current(http) is not { Channels.IsAll: false } caller)
        {
            return;
        }

        var channels = await owners.ResolveAsync(references, http.RequestAborted);
        var outcome = AccessEvaluator.CheckChannels(caller, channels);
        if (outcome != AccessOutcome.Allowed)
        {
            LogDenied(http, caller.Identity, outcome);
            throw AccessErrors.DeniedItem();
        }
    }

    /// <summary>
    /// Runs an admin write and audits it as the gRPC surface does; <paramref name="subject"/> is
    /// the record the request may change (its id, or its channel for a create).
    /// </summary>
    public async Task<ChannelUsage> WriteAsync(HttpContext http, Protos.V1.MessagingChannelUsage subject, Func<Task<ChannelUsage>> write)
    {
        var rule = http.GetEndpoint()?.Metadata.GetMetadata<RestRule>()?.Rule;
        if (rule is null || CallerResolver.Current(http) is not { } caller)
        {
            return await write();
        }

        ChannelUsage? written = null;
        await auditor.AuditAsync(
            rule with { Method = RestMethod(http) },
            caller,
            subject,
            async () =>
            {
                written = await write();
                // The auditor reads the record the answer names, as for a gRPC write.
                return new Protos.V1.MessagingChannelUsage { Id = written.Id, MessagingChannelId = written.MessagingChannelId };
            },
            http.RequestAborted);
        return written!;
    }

    private void LogDenied(HttpContext http, string? caller, AccessOutcome outcome)
    {
        if (logger.IsEnabled(SecurityLog.DeniedLevel))
        {
            var method = RestMethod(http);
            SecurityLog.Denied(logger, method, caller ?? "(none)", outcome);
        }
    }

    private static string RestMethod(HttpContext http) => $"REST {http.Request.Method} {http.Request.Path}";

    private static IResult Denied(AccessOutcome outcome) => outcome == AccessOutcome.Unauthenticated
        ? SalesforceErrors.One(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidSessionId, "Session expired or invalid")
        : SalesforceErrors.One(StatusCodes.Status403Forbidden, ErrorCodes.InsufficientAccess, AccessErrors.DeniedMessage);

}
