using System.Collections.Immutable;

namespace MessagingChannelUsage.Routing.Model;

/// <summary>
/// One language's consent and marketing keywords and reply texts (domain.md §8). The lists are
/// matched together with the channel's default lists; a reply text left null falls back to the
/// channel's. Keywords are held as given by the admin (normalised copies live in the snapshot).
/// </summary>
public sealed record KeywordSet
{
    /// <summary>A BCP 47 tag ("es", "pt-BR"), unique per channel ignoring case.</summary>
    public required string Language { get; init; }
    public ImmutableArray<string> OptInKeywords { get; init; } = [];
    public ImmutableArray<string> DoubleOptInKeywords { get; init; } = [];
    public ImmutableArray<string> OptOutKeywords { get; init; } = [];
    public ImmutableArray<string> HelpKeywords { get; init; } = [];
    public ImmutableArray<string> MarketingKeywords { get; init; } = [];
    public string? OptInPrompt { get; init; }
    public string? DoubleOptInPrompt { get; init; }
    public string? OptInConfirmation { get; init; }
    public string? OptOutConfirmation { get; init; }
    public string? HelpResponse { get; init; }

    /// <summary>
    /// The channel's own lists and texts seen as a set without a language (<see cref="Language"/>
    /// empty), so validation and the snapshot treat the default lists and every set alike.
    /// </summary>
    public static KeywordSet DefaultsOf(MessagingChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return new KeywordSet
        {
            Language = string.Empty,
            OptInKeywords = channel.OptInKeywords,
            DoubleOptInKeywords = channel.DoubleOptInKeywords,
            OptOutKeywords = channel.OptOutKeywords,
            HelpKeywords = channel.HelpKeywords,
            MarketingKeywords = channel.MarketingKeywords,
            OptInPrompt = channel.OptInPrompt,
            DoubleOptInPrompt = channel.DoubleOptInPrompt,
            OptInConfirmation = channel.OptInConfirmation,
            OptOutConfirmation = channel.OptOutConfirmation,
            HelpResponse = channel.HelpResponse,
        };
    }
}
