namespace MessagingChannelUsage.Routing.Rules;

/// <summary>
/// The one table of size limits, read by every layer (core validators, the gateway's edge, the
/// stores). A string over its limit is <see cref="Errors.ErrorCodes.StringTooLong"/>, gRPC
/// ResourceExhausted. Chosen to bound memory per request and per snapshot, well above real use.
/// </summary>
public static class Limits
{
    // ---- record fields (checked by the core's validators) ----

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

    /// <summary>A developer name (the regex allows 80 characters).</summary>
    public const int MaxDeveloperNameLength = 80;

    /// <summary>MessagingSession.EndReason.</summary>
    public const int MaxEndReasonLength = 255;

    // ---- routed messages ----

    /// <summary>The text of one inbound or outbound message.</summary>
    public const int MaxMessageTextLength = 4096;

    /// <summary>A platform key (phone number, page-scoped id, …).</summary>
    public const int MaxPlatformKeyLength = 256;

    /// <summary>A message id (the idempotency key).</summary>
    public const int MaxMessageIdLength = 128;

    // ---- requests ----

    /// <summary>
    /// An id-shaped string: its format (INVALID_ID_FIELD) is checked elsewhere; this only refuses
    /// strings far too long to be any id before they are parsed or echoed back in an error.
    /// </summary>
    public const int MaxIdTextLength = 255;

    /// <summary>A SOQL statement (Salesforce allows 100,000; our subset needs far less).</summary>
    public const int MaxSoqlLength = 20_000;

    /// <summary>A page token (a list id, or a query locator "01g…-N"); a long one is not ours.</summary>
    public const int MaxPageTokenLength = 1024;

    /// <summary>Salesforce's retrieve() takes at most 2000 ids.</summary>
    public const int MaxRetrieveIds = 2000;

    /// <summary>Field names in one retrieve() or update mask.</summary>
    public const int MaxFieldNames = 100;

    /// <summary>One field name.</summary>
    public const int MaxFieldNameLength = 80;

    /// <summary>A change-stream resume token (one position per cluster slot watched; under the 64 KiB request limit).</summary>
    public const int MaxResumeTokenLength = 60 * 1024;

    /// <summary>Messages of one Simulate call (domain.md §9).</summary>
    public const int MaxSimulatedMessages = 10_000;

    /// <summary>Largest Simulate request (bytes; MessageRouter's receive limit): 10,000 messages of a few hundred bytes each.</summary>
    public const int MaxSimulateRequestBytes = 8 * 1024 * 1024;

    // ---- pages ----

    /// <summary>A page of a list when the request does not say.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The largest page of any list (channels, sessions, a store listing); a larger request gets this many.</summary>
    public const int MaxPageSize = 2000;
}
