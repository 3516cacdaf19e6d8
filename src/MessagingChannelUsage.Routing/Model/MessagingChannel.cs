using System.Collections.Immutable;

namespace MessagingChannelUsage.Routing.Model;

/// <summary>
/// A channel a business messages customers on (domain.md §1). Immutable; keyword lists hold the
/// keywords as given by the admin (normalised copies live in <see cref="Routing.ChannelSnapshot"/>).
/// </summary>
public sealed record MessagingChannel
{
    public required string Id { get; init; }
    public required string DeveloperName { get; init; }
    public required string MasterLabel { get; init; }
    public required ChannelKind Kind { get; init; }
    public required MessageType MessageType { get; init; }
    public string? FallbackQueueId { get; init; }
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

    /// <summary>Keyword lists and replies per language (domain.md §8), at most <see cref="Rules.Limits.MaxKeywordSets"/>.</summary>
    public ImmutableArray<KeywordSet> KeywordSets { get; init; } = [];

    /// <summary>Auto-replies (domain.md §8), at most <see cref="Rules.Limits.MaxCustomKeywords"/>.</summary>
    public ImmutableArray<CustomKeyword> CustomKeywords { get; init; } = [];
    public DateTimeOffset CreatedDate { get; init; }
    public DateTimeOffset LastModifiedDate { get; init; }
    public DateTimeOffset SystemModstamp { get; init; }
}
