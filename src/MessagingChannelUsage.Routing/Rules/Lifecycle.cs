using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Rules;

/// <summary>
/// The DeploymentStatus lifecycle of domain.md §3 as pure functions: which transitions exist,
/// how a usage enters a status (ErrorReason and DisabledTime follow, rules 8 and 9), and the
/// Activate / Deactivate / Retry / ReportProvisioningResult steps.
/// </summary>
/// <remarks>
/// Decisions: a step is allowed exactly when its first transition is (Activate from New, Error
/// or Disabled; Deactivate from Active or Error); Activate on an Active usage and Deactivate on
/// a Disabled one are no-ops (a retried request succeeds); Retry goes back the way the error
/// came: Deprovisioning after DeprovisioningError, Provisioning after any other reason
/// (InternalError cannot tell where it came from; provisioning is the safe direction, since it
/// re-runs the checks).
/// </remarks>
public static class Lifecycle
{
    /// <summary>Every allowed (from, to) pair.</summary>
    public static readonly ImmutableArray<(DeploymentStatus From, DeploymentStatus To)> Transitions =
    [
        (DeploymentStatus.New, DeploymentStatus.Provisioning),
        (DeploymentStatus.Provisioning, DeploymentStatus.Active),
        (DeploymentStatus.Provisioning, DeploymentStatus.Error),
        (DeploymentStatus.Active, DeploymentStatus.Deprovisioning),
        (DeploymentStatus.Deprovisioning, DeploymentStatus.Disabled),
        (DeploymentStatus.Deprovisioning, DeploymentStatus.Error),
        (DeploymentStatus.Error, DeploymentStatus.Provisioning),
        (DeploymentStatus.Error, DeploymentStatus.Deprovisioning),
        (DeploymentStatus.Disabled, DeploymentStatus.Provisioning),
    ];

    /// <summary>True when the lifecycle allows <paramref name="from"/> → <paramref name="to"/> (a status to itself is not a transition).</summary>
    public static bool IsAllowed(DeploymentStatus from, DeploymentStatus to) => (from, to) switch
    {
        (DeploymentStatus.New, DeploymentStatus.Provisioning) => true,
        (DeploymentStatus.Provisioning, DeploymentStatus.Active or DeploymentStatus.Error) => true,
        (DeploymentStatus.Active, DeploymentStatus.Deprovisioning) => true,
        (DeploymentStatus.Deprovisioning, DeploymentStatus.Disabled or DeploymentStatus.Error) => true,
        (DeploymentStatus.Error, DeploymentStatus.Provisioning or DeploymentStatus.Deprovisioning) => true,
        (DeploymentStatus.Disabled, DeploymentStatus.Provisioning) => true,
        _ => false,
    };

    /// <summary>
    /// The usage in status <paramref name="to"/> (no transition check): ErrorReason is
    /// <paramref name="errorReason"/> (InternalError when null) in Error and null elsewhere;
    /// DisabledTime is <paramref name="now"/> on entering Disabled, kept while Disabled, null
    /// elsewhere; LastModifiedDate and SystemModstamp become <paramref name="now"/>.
    /// </summary>
    public static ChannelUsage Enter(ChannelUsage usage, DeploymentStatus to, ErrorReason? errorReason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return usage with
        {
            DeploymentStatus = to,
            ErrorReason = to == DeploymentStatus.Error ? errorReason ?? ErrorReason.InternalError : null,
            DisabledTime = to == DeploymentStatus.Disabled
                ? (usage.DeploymentStatus == DeploymentStatus.Disabled ? usage.DisabledTime ?? now : now)
                : null,
            LastModifiedDate = now,
            SystemModstamp = now,
        };
    }

    /// <summary>Setup's Activate (Enhanced) or Connect (Unified).</summary>
    public static LifecycleResult Activate(ChannelUsage usage, MessagingChannel channel, ProvisionerMode mode, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(channel);
        if (usage.DeploymentStatus == DeploymentStatus.Active)
        {
            return LifecycleResult.Ok(usage);
        }

        return IsAllowed(usage.DeploymentStatus, DeploymentStatus.Provisioning)
            ? LifecycleResult.Ok(Provision(usage, channel, mode, now))
            : LifecycleResult.Fail(Illegal("Activate", usage.DeploymentStatus));
    }

    /// <summary>Setup's Deactivate (Enhanced) or Disconnect (Unified).</summary>
    public static LifecycleResult Deactivate(ChannelUsage usage, ProvisionerMode mode, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(usage);
        if (usage.DeploymentStatus == DeploymentStatus.Disabled)
        {
            return LifecycleResult.Ok(usage);
        }

        return IsAllowed(usage.DeploymentStatus, DeploymentStatus.Deprovisioning)
            ? LifecycleResult.Ok(Deprovision(usage, mode, now))
            : LifecycleResult.Fail(Illegal("Deactivate", usage.DeploymentStatus));
    }

    /// <summary>Retry after an Error: provisioning again, or deprovisioning after a DeprovisioningError.</summary>
    public static LifecycleResult Retry(ChannelUsage usage, MessagingChannel channel, ProvisionerMode mode, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(channel);
        if (usage.DeploymentStatus != DeploymentStatus.Error)
        {
            return LifecycleResult.Fail(Illegal("Retry", usage.DeploymentStatus));
        }

        return LifecycleResult.Ok(usage.ErrorReason == ErrorReason.DeprovisioningError
            ? Deprovision(usage, mode, now)
            : Provision(usage, channel, mode, now));
    }

    /// <summary>
    /// An external provisioner's outcome for a usage in Provisioning or Deprovisioning. A failure
    /// without a reason is InternalError while provisioning (domain.md §2 rule 8: entering Error
    /// without a reason sets InternalError) and DeprovisioningError while deprovisioning (domain.md
    /// §3: a failed deprovisioning is DeprovisioningError, which Retry needs to go back that way);
    /// the reason is ignored on success.
    /// </summary>
    public static LifecycleResult ReportProvisioningResult(ChannelUsage usage, bool success, ErrorReason? errorReason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return usage.DeploymentStatus switch
        {
            DeploymentStatus.Provisioning => LifecycleResult.Ok(success
                ? Enter(usage, DeploymentStatus.Active, null, now)
                : Enter(usage, DeploymentStatus.Error, errorReason ?? ErrorReason.InternalError, now)),
            DeploymentStatus.Deprovisioning => LifecycleResult.Ok(success
                ? Enter(usage, DeploymentStatus.Disabled, null, now)
                : Enter(usage, DeploymentStatus.Error, errorReason ?? ErrorReason.DeprovisioningError, now)),
            _ => LifecycleResult.Fail(Illegal("ReportProvisioningResult", usage.DeploymentStatus)),
        };
    }

    /// <summary>The error of a status change the lifecycle does not allow.</summary>
    public static FieldError IllegalTransition(DeploymentStatus from, DeploymentStatus to)
        => new(ErrorCodes.InvalidStatusTransition, UsageFields.DeploymentStatus.Name,
            $"DeploymentStatus cannot change from {from} to {to}.");

    private static ChannelUsage Provision(ChannelUsage usage, MessagingChannel channel, ProvisionerMode mode, DateTimeOffset now)
    {
        var provisioning = Enter(usage, DeploymentStatus.Provisioning, null, now);
        if (mode == ProvisionerMode.External)
        {
            return provisioning;
        }

        return ProvisioningChecks.Check(provisioning, channel) is { } failure
            ? Enter(provisioning, DeploymentStatus.Error, failure, now)
            : Enter(provisioning, DeploymentStatus.Active, null, now);
    }

    private static ChannelUsage Deprovision(ChannelUsage usage, ProvisionerMode mode, DateTimeOffset now)
    {
        var deprovisioning = Enter(usage, DeploymentStatus.Deprovisioning, null, now);
        // The built-in provisioner has nothing to tear down: deprovisioning always succeeds.
        return mode == ProvisionerMode.External
            ? deprovisioning
            : Enter(deprovisioning, DeploymentStatus.Disabled, null, now);
    }

    private static FieldError Illegal(string step, DeploymentStatus from)
        => new(ErrorCodes.InvalidStatusTransition, UsageFields.DeploymentStatus.Name,
            $"{step} is not allowed while DeploymentStatus is {from}.");
}
