using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Gateway.Usages;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;
using MessagingChannelUsage.Store.Abstractions;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Deployment;

/// <summary>
/// Deployment steps of a usage: Setup's Activate/Connect, Deactivate/Disconnect, Retry, and an
/// external provisioner's report. The steps themselves are the routing core's pure
/// <see cref="Lifecycle"/> functions; this class reads, decides, and writes once with CAS on the
/// SystemModstamp read (re-deciding on the fresh record after a conflict); the store keeps the
/// session auto-end schedule in step with the write. A step the lifecycle does not allow from the current status is
/// FailedPrecondition (FIELD_INTEGRITY_EXCEPTION on DeploymentStatus).
/// </summary>
internal sealed class DeploymentApplication(
    IChannelRepository channels,
    IUsageRepository usages,
    ModstampClock clock,
    IOptions<DeploymentOptions> options,
    ILogger<DeploymentApplication> logger)
{
    private ProvisionerMode Mode => options.Value.Provisioner == ProvisionerKind.External ? ProvisionerMode.External : ProvisionerMode.BuiltIn;

    public Task<ChannelUsage> ActivateAsync(string usageId, CancellationToken cancellationToken)
        => StepAsync("Activate", usageId, needsChannel: true, (usage, channel, now) => Lifecycle.Activate(usage, channel!, Mode, now), cancellationToken);

    public Task<ChannelUsage> DeactivateAsync(string usageId, CancellationToken cancellationToken)
        => StepAsync("Deactivate", usageId, needsChannel: false, (usage, _, now) => Lifecycle.Deactivate(usage, Mode, now), cancellationToken);

    public Task<ChannelUsage> RetryAsync(string usageId, CancellationToken cancellationToken)
        => StepAsync("Retry", usageId, needsChannel: true, (usage, channel, now) => Lifecycle.Retry(usage, channel!, Mode, now), cancellationToken);

    /// <summary>An external provisioner's outcome of the step in progress.</summary>
    public Task<ChannelUsage> ReportAsync(string usageId, bool success, ErrorReason? reason, CancellationToken cancellationToken)
        => StepAsync("ReportProvisioningResult", usageId, needsChannel: false,
            (usage, _, now) => Lifecycle.ReportProvisioningResult(usage, success, reason, now), cancellationToken);

    private async Task<ChannelUsage> StepAsync(
        string step,
        string usageId,
        bool needsChannel,
        Func<ChannelUsage, MessagingChannel?, DateTimeOffset, LifecycleResult> decide,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await usages.GetAsync(usageId, cancellationToken)
                ?? throw RecordErrors.NotFound("MessagingChannelUsage", usageId, "usage_id");
            MessagingChannel? channel = null;
            if (needsChannel)
            {
                channel = await channels.GetAsync(current.MessagingChannelId, cancellationToken)
                    ?? throw RecordErrors.NotFound("MessagingChannel", current.MessagingChannelId, "MessagingChannelId");
            }

            var result = decide(current, channel, clock.After(current.SystemModstamp));
            if (result.Usage is not { } next)
            {
                throw new DomainException(ErrorKind.FailedPrecondition, [result.Error!]);
            }

            if (ReferenceEquals(next, current))
            {
                // Already where the step leads (Activate on Active, Deactivate on Disabled): no write.
                return current;
            }

            try
            {
                await usages.ReplaceAsync(next, current.SystemModstamp, cancellationToken);
            }
            catch (DomainException ex) when (RecordErrors.IsConcurrencyConflict(ex) && attempt < WriteConflicts.MaxAttempts)
            {
                RecordLog.WriteConflictRetry(logger, usageId, attempt);
                await WriteConflicts.BackoffAsync(attempt, cancellationToken);
                continue;
            }

            RecordLog.DeploymentStep(logger, usageId, step, next.DeploymentStatus, next.ErrorReason);
            return next;
        }
    }
}
