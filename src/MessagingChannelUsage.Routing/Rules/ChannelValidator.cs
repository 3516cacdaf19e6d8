using System.Collections.Immutable;
using System.Text.RegularExpressions;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Keywords;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Rules;

/// <summary>
/// Validation of a MessagingChannel as written by an admin (domain.md §1, §4.3): returns every
/// violation. Unique DeveloperName is the store's check (it needs the other channels).
/// </summary>
public static partial class ChannelValidator
{
    public const string DeveloperNameField = "DeveloperName";
    public const string MasterLabelField = "MasterLabel";
    public const string ChannelKindField = "ChannelKind";
    public const string MessageTypeField = "MessageType";
    public const string FallbackQueueIdField = "FallbackQueueId";

    /// <summary>The message types a kind of channel supports (Enhanced: the first four; Unified: WhatsApp or Text).</summary>
    public static bool IsMessageTypeAllowed(ChannelKind kind, MessageType type) => kind switch
    {
        ChannelKind.Enhanced => type is MessageType.WhatsApp or MessageType.Facebook or MessageType.AppleBusinessChat or MessageType.Line,
        ChannelKind.Unified => type is MessageType.WhatsApp or MessageType.Text,
        _ => false,
    };

    public static ImmutableArray<FieldError> Validate(MessagingChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var errors = ImmutableArray.CreateBuilder<FieldError>();

        if (string.IsNullOrEmpty(channel.DeveloperName))
        {
            errors.Add(new FieldError(ErrorCodes.RequiredFieldMissing, DeveloperNameField, "DeveloperName is required."));
        }
        else if (channel.DeveloperName.Length > Limits.MaxDeveloperNameLength)
        {
            errors.Add(new FieldError(ErrorCodes.StringTooLong, DeveloperNameField,
                $"DeveloperName has at most {Limits.MaxDeveloperNameLength} characters."));
        }
        else if (!DeveloperNamePattern().IsMatch(channel.DeveloperName))
        {
            errors.Add(new FieldError(ErrorCodes.FieldIntegrityException, DeveloperNameField,
                "DeveloperName starts with a letter and has only letters, digits and underscores."));
        }

        if (string.IsNullOrWhiteSpace(channel.MasterLabel))
        {
            errors.Add(new FieldError(ErrorCodes.RequiredFieldMissing, MasterLabelField, "MasterLabel is required."));
        }

        var kindDefined = Enum.IsDefined(channel.Kind);
        if (!kindDefined)
        {
            errors.Add(new FieldError(ErrorCodes.InvalidOrNullForRestrictedPicklist, ChannelKindField,
                $"{(int)channel.Kind} is not a ChannelKind (Enhanced or Unified)."));
        }

        if (!Enum.IsDefined(channel.MessageType))
        {
            errors.Add(new FieldError(ErrorCodes.InvalidOrNullForRestrictedPicklist, MessageTypeField,
                $"{(int)channel.MessageType} is not a MessageType."));
        }
        else if (kindDefined && !IsMessageTypeAllowed(channel.Kind, channel.MessageType))
        {
            errors.Add(new FieldError(ErrorCodes.FieldIntegrityException, MessageTypeField,
                $"A {channel.Kind} channel does not support {channel.MessageType}."));
        }

        if (!string.IsNullOrEmpty(channel.FallbackQueueId) && !SalesforceId.TryNormalize(channel.FallbackQueueId, out _, out _))
        {
            errors.Add(new FieldError(ErrorCodes.InvalidIdField, FallbackQueueIdField, "FallbackQueueId is not a Salesforce id."));
        }

        TextRules.CheckLength(MasterLabelField, channel.MasterLabel, errors);
        TextRules.CheckLength("OptInPrompt", channel.OptInPrompt, errors);
        TextRules.CheckLength("DoubleOptInPrompt", channel.DoubleOptInPrompt, errors);
        TextRules.CheckLength("OptInConfirmation", channel.OptInConfirmation, errors);
        TextRules.CheckLength("OptOutConfirmation", channel.OptOutConfirmation, errors);
        TextRules.CheckLength("HelpResponse", channel.HelpResponse, errors);

        errors.AddRange(KeywordListRules.Validate(channel));
        return errors.ToImmutable();
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,79}$", RegexOptions.CultureInvariant)]
    private static partial Regex DeveloperNamePattern();
}
