using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Rules;

/// <summary>
/// The rules a channel must pass to replace the stored one (domain.md §1, §4.3, §8): every rule of
/// <see cref="ChannelValidator"/>, and ChannelKind and MessageType cannot change
/// (FIELD_INTEGRITY_EXCEPTION), because the usages were validated against them (an Enhanced channel
/// has exactly one Conversation usage). UpdateChannel and Simulate's proposed channel both check
/// here, so a proposal fails exactly as the write would.
/// </summary>
public static class ChannelUpdateRules
{
    /// <summary>Every violation of <paramref name="updated"/> replacing <paramref name="current"/> (empty when valid).</summary>
    public static ImmutableArray<FieldError> Validate(MessagingChannel current, MessagingChannel updated)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(updated);
        var errors = ChannelValidator.Validate(updated);
        // 0 means "not sent": the stored value stays (the validator names it if it is required).
        if ((int)updated.Kind != 0 && updated.Kind != current.Kind)
        {
            errors = errors.Add(new FieldError(ErrorCodes.FieldIntegrityException, ChannelValidator.ChannelKindField,
                $"ChannelKind cannot change (it is {current.Kind})."));
        }

        if ((int)updated.MessageType != 0 && updated.MessageType != current.MessageType)
        {
            errors = errors.Add(new FieldError(ErrorCodes.FieldIntegrityException, ChannelValidator.MessageTypeField,
                $"MessageType cannot change (it is {current.MessageType})."));
        }

        return errors;
    }

    /// <summary>
    /// <paramref name="current"/> with the keyword configuration of <paramref name="proposal"/>: the
    /// five default lists, the reply texts, the keyword sets and the custom keywords (api.md:
    /// Simulate's proposed_channel is "keyword fields and texts as they would be"). Every other
    /// field stays as stored.
    /// </summary>
    public static MessagingChannel WithKeywordsOf(MessagingChannel current, MessagingChannel proposal)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(proposal);
        return current with
        {
            OptInKeywords = proposal.OptInKeywords,
            DoubleOptInKeywords = proposal.DoubleOptInKeywords,
            OptOutKeywords = proposal.OptOutKeywords,
            HelpKeywords = proposal.HelpKeywords,
            MarketingKeywords = proposal.MarketingKeywords,
            OptInPrompt = proposal.OptInPrompt,
            DoubleOptInPrompt = proposal.DoubleOptInPrompt,
            OptInConfirmation = proposal.OptInConfirmation,
            OptOutConfirmation = proposal.OptOutConfirmation,
            HelpResponse = proposal.HelpResponse,
            KeywordSets = proposal.KeywordSets,
            CustomKeywords = proposal.CustomKeywords,
        };
    }
}
