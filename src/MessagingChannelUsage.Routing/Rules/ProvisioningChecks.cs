using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Rules;

/// <summary>The checks of the built-in provisioner (domain.md §3), in the order given there.</summary>
public static class ProvisioningChecks
{
    /// <summary>Null when the usage can be provisioned on the channel, else the ErrorReason of the failure.</summary>
    public static ErrorReason? Check(ChannelUsage usage, MessagingChannel channel)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(channel);
        if (usage.IsMarketing && channel.Kind == ChannelKind.Enhanced)
        {
            return ErrorReason.InvalidSelection;
        }

        if (usage.DeploymentType == DeploymentType.Conversation && string.IsNullOrEmpty(channel.FallbackQueueId))
        {
            return ErrorReason.ProvisioningError;
        }

        return IsConsentReady(channel, usage.ConsentType) ? null : ErrorReason.ProvisioningError;
    }

    /// <summary>
    /// Consent readiness ("missing consent keywords"): ImplicitOptIn (or null) needs opt-out
    /// keywords and an OptOutConfirmation; ExplicitOptIn also opt-in keywords and an OptInPrompt;
    /// DoubleOptIn also double-opt-in keywords and a DoubleOptInPrompt.
    /// </summary>
    public static bool IsConsentReady(MessagingChannel channel, ConsentType? consentType)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var ready = Has(channel.OptOutKeywords) && Has(channel.OptOutConfirmation);
        if (consentType is ConsentType.ExplicitOptIn or ConsentType.DoubleOptIn)
        {
            ready &= Has(channel.OptInKeywords) && Has(channel.OptInPrompt);
        }

        if (consentType is ConsentType.DoubleOptIn)
        {
            ready &= Has(channel.DoubleOptInKeywords) && Has(channel.DoubleOptInPrompt);
        }

        return ready;
    }

    private static bool Has(System.Collections.Immutable.ImmutableArray<string> list) => !list.IsDefaultOrEmpty;

    private static bool Has(string? text) => !string.IsNullOrWhiteSpace(text);
}
