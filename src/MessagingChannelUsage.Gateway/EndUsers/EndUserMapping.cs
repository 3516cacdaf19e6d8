using MessagingChannelUsage.Gateway.Edge;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.EndUsers;

/// <summary>An end user with its consent per usage → proto.</summary>
internal static class EndUserMapping
{
    public static Proto.MessagingEndUser ToProto(EndUserConsent view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var endUser = view.EndUser;
        var proto = new Proto.MessagingEndUser
        {
            Id = endUser.Id,
            MessagingChannelId = endUser.MessagingChannelId,
            MessagingPlatformKey = endUser.MessagingPlatformKey,
            ConsentStatus = EnumMapping.ToProto(endUser.ConsentStatus),
            OpenSessionId = endUser.OpenSessionId ?? string.Empty,
            PreferredLanguage = endUser.PreferredLanguage ?? string.Empty,
        };
        foreach (var consent in view.Usages)
        {
            proto.UsageConsent.Add(new Proto.UsageConsent
            {
                UsageId = consent.Usage.Id,
                DeploymentType = EnumMapping.ToProto(consent.Usage.DeploymentType),
                IsFullyOptedIn = consent.IsFullyOptedIn,
            });
        }

        return proto;
    }
}
