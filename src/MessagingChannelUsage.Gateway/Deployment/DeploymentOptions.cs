namespace MessagingChannelUsage.Gateway.Deployment;

/// <summary>Who decides the outcome of provisioning (configuration "Gateway:Provisioner").</summary>
internal enum ProvisionerKind
{
    /// <summary>The gateway checks readiness itself: Activate answers Active or Error right away.</summary>
    BuiltIn,

    /// <summary>
    /// An external system provisions: Activate answers Provisioning (Deactivate: Deprovisioning)
    /// and ReportProvisioningResult completes the step.
    /// </summary>
    External,
}

/// <summary>Options of ChannelDeploymentService (section "Gateway").</summary>
internal sealed class DeploymentOptions
{
    public const string SectionName = "Gateway";

    public ProvisionerKind Provisioner { get; set; } = ProvisionerKind.BuiltIn;
}
