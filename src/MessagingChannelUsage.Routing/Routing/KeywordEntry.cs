using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Routing;

/// <summary>Which list of a channel a keyword belongs to.</summary>
public enum KeywordKind { OptOut = 1, OptIn, DoubleOptIn, Help, Marketing, Custom }

/// <summary>
/// The reply texts of one keyword set with the fallback to the channel's texts already applied
/// (domain.md §8), built once per snapshot. <see cref="Language"/> is null for the default lists.
/// </summary>
public sealed record KeywordReplies(
    string? Language,
    string? OptInPrompt,
    string? DoubleOptInPrompt,
    string? OptInConfirmation,
    string? OptOutConfirmation,
    string? HelpResponse)
{
    /// <summary>The texts of <paramref name="set"/>, each one the channel's default where the set has none.</summary>
    public static KeywordReplies Of(KeywordSet set, KeywordReplies defaults)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(defaults);
        return new KeywordReplies(
            set.Language.Length == 0 ? null : set.Language,
            Or(set.OptInPrompt, defaults.OptInPrompt),
            Or(set.DoubleOptInPrompt, defaults.DoubleOptInPrompt),
            Or(set.OptInConfirmation, defaults.OptInConfirmation),
            Or(set.OptOutConfirmation, defaults.OptOutConfirmation),
            Or(set.HelpResponse, defaults.HelpResponse));
    }

    /// <summary>An empty text counts as absent (proto cannot send null).</summary>
    private static string? Or(string? text, string? fallback) => string.IsNullOrEmpty(text) ? fallback : text;
}

/// <summary>
/// One normalised keyword of a snapshot's lookup: its kind, the replies of the set it came from
/// (consent and marketing keywords), or the custom keyword it is. Built once per snapshot and
/// returned by reference, so classifying a message allocates nothing.
/// </summary>
public sealed class KeywordEntry
{
    internal KeywordEntry(KeywordKind kind, string keyword, KeywordReplies replies, CustomKeyword? custom)
    {
        Kind = kind;
        Keyword = keyword;
        Replies = replies;
        Custom = custom;
        Language = custom is null ? replies.Language : NullIfEmpty(custom.Language);
    }

    public KeywordKind Kind { get; }

    /// <summary>The normalised keyword (what the decision reports as matched_keyword).</summary>
    public string Keyword { get; }

    /// <summary>The replies of the keyword's set (the channel's defaults for custom keywords).</summary>
    public KeywordReplies Replies { get; }

    /// <summary>Set only when <see cref="Kind"/> is <see cref="KeywordKind.Custom"/>.</summary>
    public CustomKeyword? Custom { get; }

    /// <summary>The BCP 47 tag the decision reports: the set's, or the custom keyword's; null for the default lists.</summary>
    public string? Language { get; }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
