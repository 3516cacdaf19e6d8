using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Routing.Rules;

/// <summary>The one length rule of labels, prompts, confirmations and replies.</summary>
internal static class TextRules
{
    public static void CheckLength(string field, string? text, ImmutableArray<FieldError>.Builder errors)
    {
        if (text is not null && text.Length > Limits.MaxTextFieldLength)
        {
            errors.Add(new FieldError(ErrorCodes.StringTooLong, field, $"{field} has at most {Limits.MaxTextFieldLength} characters."));
        }
    }
}
