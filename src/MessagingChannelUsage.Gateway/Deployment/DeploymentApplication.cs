using MessagingChannelUsage.Gateway.Mapping.Admin;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;
using MessagingChannelUsage.Store.Abstractions;
using Microsoft.Extensions.Options;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Admin;

/// <summary>
/// ChannelDeploymentService: Setup's Activate/Connect, Deactivate/Disconnect, Retry, and an
/// external provisioner's report. The steps themselves are the routing core's pure
/// <see cref="Lifecycle"/> functions; this class reads, decides, and writes once with CAS on the
/// SystemModstamp read (re-deciding on the fresh record after a conflict), then keeps the session
/// auto-end schedule in step. A step the lifecycle does not allow from the current status is
/// FailedPrecondition (FIELD_INTEGRITY_EXCEPTION on DeploymentStatus).
/// </summary>
internal sealed class DeploymentAdmin(
    IChannelRepository channels,
    IUsageRepository usages,
    ModstampClock clock,
    DisableScheduleSync disableSchedule,
    IOptions<DeploymentOptions> options,
    ILogger<DeploymentAdmin> logger)
{
    private ProvisionerMode Mode => options.Value.Provisioner == ProvisionerKind.External ? ProvisionerMode.External : ProvisionerMode.BuiltIn;

    public Task<Proto.MessagingChannelUsage> ActivateAsync(string usageId, CancellationToken cancellationToken)
        => StepAsync("Activate", usageId, needsChannel: true, (usage, channel, now) => Lifecycle.Activate(usage, channel!, Mode, now), cancellationToken);

    public Task<Proto.MessagingChannelUsage> DeactivateAsync(string usageId, CancellationToken cancellationToken)
        => StepAsync("Deactivate", usageId, needsChannel: false, (usage, _, now) => Lifecycle.Deactivate(usage, Mode, now), cancellationToken);

    public Task<Proto.MessagingChannelUsage> RetryAsync(string usageId, CancellationToken cancellationToken)
        => StepAsync("Retry", usageId, needsChannel: true, (usage, channel, now) => Lifecycle.Retry(usage, channel!, Mode, now), cancellationToken);

    public Task<Proto.MessagingChannelUsage> ReportAsync(Proto.ProvisioningResult request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ErrorReason? reason = null;
        if (request.ErrorReason != Proto.ErrorReason.Unspecified)
        {
            if (!Enum.IsDefined((ErrorReason)(int)request.ErrorReason))
            {
                throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.InvalidOrNullForRestrictedPicklist, "error_reason",
                    $"{(int)request.ErrorReason} is not a value of the restricted picklist ErrorReason.");
            }

            reason = (ErrorReason)(int)request.ErrorReason;
        }

        return StepAsync("ReportProvisioningResult", request.UsageId, needsChannel: false,
            (usage, _, now) => Lifecycle.ReportProvisioningResult(usage, request.Success, reason, now), cancellationToken);
    }

    private async Task<Proto.MessagingChannelUsage> StepAsync(
        string step,
        string usageIdText,
        bool needsChannel,
        Func<ChannelUsage, MessagingChannel?, DateTimeOffset, LifecycleResult> decide,
        CancellationToken cancellationToken)
    {
        new AdminLimits.Check().Text(usageIdText, AdminLimits.IdText, "usage_id").ThrowIfAny();
        var usageId = IdArgument.Parse(usageIdText, KeyPrefixes.MessagingChannelUsage, "usage_id");
        for (var attempt = 1; ; attempt++)
        {
            var current = await usages.GetAsync(usageId, cancellationToken).ConfigureAwait(false)
                ?? throw AdminErrors.NotFound("MessagingChannelUsage", usageId, "usage_id");
            MessagingChannel? channel = null;
            if (needsChannel)
            {
                channel = await channels.GetAsync(current.MessagingChannelId, cancellationToken).ConfigureAwait(false)
                    ?? throw AdminErrors.NotFound("MessagingChannel", current.MessagingChannelId, "MessagingChannelId");
            }

            var result = decide(current, channel, clock.After(current.SystemModstamp));
            if (result.Usage is not { } next)
            {
                throw new DomainException(ErrorKind.FailedPrecondition, [result.Error!]);
            }

            if (ReferenceEquals(next, current))
            {
                // Already where the step leads (Activate on Active, Deactivate on Disabled): no write.
                return current.ToProto();
            }

            try
            {
                await usages.ReplaceAsync(next, current.SystemModstamp, cancellationToken).ConfigureAwait(false);
            }
            catch (DomainException ex) when (AdminErrors.IsConcurrencyConflict(ex) && attempt < WriteConflicts.MaxAttempts)
            {
                AdminLog.WriteConflictRetry(logger, usageId, attempt);
                await WriteConflicts.BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            AdminLog.DeploymentStep(logger, usageId, step, next.DeploymentStatus, next.ErrorReason);
            await disableSchedule.AfterWriteAsync(current, next, cancellationToken).ConfigureAwait(false);
            return next.ToProto();
        }
    }
}
