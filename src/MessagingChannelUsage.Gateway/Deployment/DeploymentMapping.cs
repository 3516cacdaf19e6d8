using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Deployment;

/// <summary>Deployment requests → the usage id and the provisioner's reason (the answer is a usage: <c>UsageMapping</c>).</summary>
internal static class DeploymentMapping
{
    /// <summary>The usage a step acts on: a too-long id is refused before it is parsed.</summary>
    public static string UsageId(string value)
    {
        var sizes = default(RequestValidation);
        sizes.MaxLength(value, "usage_id", Limits.MaxIdTextLength);
        sizes.ThrowIfInvalid();
        return RequestValidation.ParseId(value, "usage_id", KeyPrefixes.MessagingChannelUsage);
    }

    /// <summary>The usage id and the error reason (ERROR_REASON_UNSPECIFIED → null) of a report.</summary>
    public static (string UsageId, ErrorReason? Reason) ToDomain(Proto.ProvisioningResult request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var usageId = UsageId(request.UsageId);
        if (request.ErrorReason == Proto.ErrorReason.Unspecified)
        {
            return (usageId, null);
        }

        if (!Enum.IsDefined((ErrorReason)(int)request.ErrorReason))
        {
            throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.InvalidOrNullForRestrictedPicklist, "error_reason",
                $"{(int)request.ErrorReason} is not a value of the restricted picklist ErrorReason.");
        }

        return (usageId, (ErrorReason)(int)request.ErrorReason);
    }
}
