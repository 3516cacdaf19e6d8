using System.Collections.Frozen;
using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Keywords;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Routing.Routing;

/// <summary>
/// The channel's keyword lists, normalised (domain.md §4.3) into frozen sets that can be probed
/// with a span, so matching a message allocates nothing. Matches return the set's own string
/// instances.
/// </summary>
public sealed class KeywordSets
{
    /// <summary>
    /// The normalised message is built in a stack buffer of this size: a longer message can match
    /// no consent keyword, and its first word is still inside the buffer when it is short enough
    /// to be a marketing keyword.
    /// </summary>
    private const int BufferLength = Limits.MaxKeywordLength + 1;

    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> optOut;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> optIn;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> doubleOptIn;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> help;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> marketing;
    private readonly bool anyConsent;

    private KeywordSets(MessagingChannel channel)
    {
        OptOut = Build(channel.OptOutKeywords);
        OptIn = Build(channel.OptInKeywords);
        DoubleOptIn = Build(channel.DoubleOptInKeywords);
        Help = Build(channel.HelpKeywords);
        Marketing = Build(channel.MarketingKeywords);
        optOut = OptOut.GetAlternateLookup<ReadOnlySpan<char>>();
        optIn = OptIn.GetAlternateLookup<ReadOnlySpan<char>>();
        doubleOptIn = DoubleOptIn.GetAlternateLookup<ReadOnlySpan<char>>();
        help = Help.GetAlternateLookup<ReadOnlySpan<char>>();
        marketing = Marketing.GetAlternateLookup<ReadOnlySpan<char>>();
        anyConsent = OptOut.Count + OptIn.Count + DoubleOptIn.Count + Help.Count > 0;
    }

    public FrozenSet<string> OptOut { get; }

    public FrozenSet<string> OptIn { get; }

    public FrozenSet<string> DoubleOptIn { get; }

    public FrozenSet<string> Help { get; }

    public FrozenSet<string> Marketing { get; }

    /// <summary>Builds the sets from the channel's lists (keywords are normalised here).</summary>
    public static KeywordSets Create(MessagingChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return new KeywordSets(channel);
    }

    /// <summary>
    /// Normalises <paramref name="text"/> once and matches it: the whole message against the
    /// consent lists (opt-out first), its first word against the marketing keywords.
    /// </summary>
    /// <remarks>
    /// Decision: trailing <c>.!?</c> are trimmed from the first word too, so "JOIN! now" matches
    /// JOIN as "JOIN!" does.
    /// </remarks>
    public InboundClassification Classify(ReadOnlySpan<char> text)
    {
        Span<char> buffer = stackalloc char[BufferLength];
        var length = KeywordNormalizer.Normalize(text, buffer, out var truncated);
        var normalized = buffer[..length];

        var kind = ConsentKeywordKind.None;
        string? consentKeyword = null;
        if (anyConsent && !truncated && length > 0)
        {
            if (optOut.TryGetValue(normalized, out consentKeyword))
            {
                kind = ConsentKeywordKind.OptOut;
            }
            else if (optIn.TryGetValue(normalized, out consentKeyword))
            {
                kind = ConsentKeywordKind.OptIn;
            }
            else if (doubleOptIn.TryGetValue(normalized, out consentKeyword))
            {
                kind = ConsentKeywordKind.DoubleOptIn;
            }
            else if (help.TryGetValue(normalized, out consentKeyword))
            {
                kind = ConsentKeywordKind.Help;
            }
        }

        string? marketingKeyword = null;
        if (Marketing.Count > 0 && length > 0)
        {
            var space = normalized.IndexOf(' ');
            // No space in a truncated buffer: the first word is longer than any keyword.
            if (space >= 0 || !truncated)
            {
                var firstWord = space >= 0 ? normalized[..space] : normalized;
                firstWord = firstWord.TrimEnd(".!?");
                if (!firstWord.IsEmpty)
                {
                    marketing.TryGetValue(firstWord, out marketingKeyword);
                }
            }
        }

        return new InboundClassification(kind, consentKeyword, marketingKeyword);
    }

    private static FrozenSet<string> Build(ImmutableArray<string> keywords)
    {
        if (keywords.IsDefaultOrEmpty)
        {
            return Array.Empty<string>().ToFrozenSet(StringComparer.Ordinal);
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var keyword in keywords)
        {
            if (keyword is null)
            {
                continue;
            }

            var normalized = KeywordNormalizer.Normalize(keyword);
            // Longer keywords cannot be stored (validation); one that slipped in could never match.
            if (normalized.Length is > 0 and <= Limits.MaxKeywordLength)
            {
                set.Add(normalized);
            }
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
