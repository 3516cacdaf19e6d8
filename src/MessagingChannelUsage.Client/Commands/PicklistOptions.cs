using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Client.Commands;

/// <summary>
/// The updateable picklists of a usage as options. On update each given option also names its
/// field in the mask, so "--consent null" sets ConsentType to null and absent options stay as
/// they are.
/// </summary>
internal sealed class PicklistOptions
{
    private readonly Option<string?> status = new("--status") { Description = $"DeploymentStatus: {EnumArgument.List<DeploymentStatus>()}." };
    private readonly Option<string?> consent = new("--consent") { Description = $"ConsentType: {EnumArgument.List<ConsentType>()} or null." };
    private readonly Option<string?> routingOverride = new("--routing-override") { Description = $"RoutingOverride (MJ only): {EnumArgument.List<RoutingOverride>()} or null." };
    private readonly Option<string?> errorReason = new("--error-reason") { Description = $"ErrorReason: {EnumArgument.List<ErrorReason>()} or null." };

    public void AddTo(Command command)
    {
        command.Add(this.status);
        command.Add(this.consent);
        command.Add(this.routingOverride);
        command.Add(this.errorReason);
    }

    public void Apply(ParseResult parseResult, MessagingChannelUsage.Protos.V1.MessagingChannelUsage usage, FieldMask? mask)
    {
        if (parseResult.GetValue(this.status) is { } status)
        {
            usage.DeploymentStatus = EnumArgument.Parse<DeploymentStatus>(status, "--status");
            mask?.Paths.Add("deployment_status");
        }

        if (parseResult.GetValue(this.consent) is { } consent)
        {
            usage.ConsentType = EnumArgument.Parse<ConsentType>(consent, "--consent");
            mask?.Paths.Add("consent_type");
        }

        if (parseResult.GetValue(this.routingOverride) is { } routingOverride)
        {
            usage.RoutingOverride = EnumArgument.Parse<RoutingOverride>(routingOverride, "--routing-override");
            mask?.Paths.Add("routing_override");
        }

        if (parseResult.GetValue(this.errorReason) is { } errorReason)
        {
            usage.ErrorReason = EnumArgument.Parse<ErrorReason>(errorReason, "--error-reason");
            mask?.Paths.Add("error_reason");
        }
    }
}
