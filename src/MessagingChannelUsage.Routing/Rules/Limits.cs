namespace MessagingChannelUsage.Routing.Rules;

/// <summary>
/// Size limits of the inputs (a violation is <see cref="Errors.ErrorCodes.StringTooLong"/>, gRPC
/// ResourceExhausted). Chosen to bound memory per request and per snapshot, well above real use.
/// </summary>
public static class Limits
{
    /// <summary>Labels, prompts, confirmations and the help response.</summary>
    public const int MaxTextFieldLength = 1000;

    /// <summary>A keyword, before and after normalisation.</summary>
    public const int MaxKeywordLength = 64;

    /// <summary>Keywords in one list of a channel.</summary>
    public const int MaxKeywordsPerList = 100;

    /// <summary>Keyword sets (languages) of one channel (domain.md §8).</summary>
    public const int MaxKeywordSets = 20;

    /// <summary>Custom keywords of one channel (domain.md §8).</summary>
    public const int MaxCustomKeywords = 200;

    /// <summary>A BCP 47 language tag (RFC 5646 §4.4.1 asks for at least 35; room for extensions).</summary>
    public const int MaxLanguageTagLength = 64;

    /// <summary>The text of one inbound or outbound message.</summary>
    public const int MaxMessageTextLength = 4096;

    /// <summary>A platform key (phone number, page-scoped id, …) or a message id.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>A developer name (the regex allows 80 characters).</summary>
    public const int MaxDeveloperNameLength = 80;
}
