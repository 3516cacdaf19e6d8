using System.Diagnostics.CodeAnalysis;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Rules;

/// <summary>
/// The outcome of a lifecycle step: the usage after the step, or why the step is not allowed
/// (FIELD_INTEGRITY_EXCEPTION on DeploymentStatus; the gateway answers FailedPrecondition).
/// </summary>
public readonly record struct LifecycleResult(ChannelUsage? Usage, FieldError? Error)
{
    [MemberNotNullWhen(true, nameof(Usage))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Usage is not null;

    public static LifecycleResult Ok(ChannelUsage usage) => new(usage, null);

    public static LifecycleResult Fail(FieldError error) => new(null, error);
}

/// <summary>
/// Who provisions: the built-in provisioner runs the checks of domain.md §3 at once (the step
/// ends in Active/Disabled or Error); an external one leaves the usage in Provisioning or
/// Deprovisioning until it reports the outcome.
/// </summary>
public enum ProvisionerMode { BuiltIn = 0, External = 1 }
