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
    /// The normalised message is built in a stack buffer of at most this size (in fact one more
    /// than the channel's longest keyword): a longer message can match no consent keyword, and its
    /// first word is still inside the buffer when it is short enough to be a marketing keyword.
    /// </summary>
    private const int BufferLength = Limits.MaxKeywordLength + 1;

    /// <summary>All consent keywords in one table (the lists are disjoint): one probe per message.</summary>
    private readonly FrozenDictionary<string, (ConsentKeywordKind Kind, string Keyword)>.AlternateLookup<ReadOnlySpan<char>> consent;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> marketing;
    private readonly int consentCount;
    private readonly int maxConsentLength;
    private readonly int maxMarketingLength;

    /// <summary>How much of a message is normalised: one more than the longest keyword.</summary>
    private readonly int probeLength;

    private KeywordSets(MessagingChannel channel)
    {
        OptOut = Build(channel.OptOutKeywords);
        OptIn = Build(channel.OptInKeywords);
        DoubleOptIn = Build(channel.DoubleOptInKeywords);
        Help = Build(channel.HelpKeywords);
        Marketing = Build(channel.MarketingKeywords);
        // Should two lists share a keyword (validation forbids it), the first list here wins:
        // opt-out before everything, as §4.2 tests it first.
        var table = new Dictionary<string, (ConsentKeywordKind Kind, string Keyword)>(StringComparer.Ordinal);
        foreach (var (set, kind) in new[]
        {
            (OptOut, ConsentKeywordKind.OptOut), (OptIn, ConsentKeywordKind.OptIn),
            (DoubleOptIn, ConsentKeywordKind.DoubleOptIn), (Help, ConsentKeywordKind.Help),
        })
        {
            foreach (var keyword in set)
            {
                table.TryAdd(keyword, (kind, keyword));
            }
        }

        var consentTable = table.ToFrozenDictionary(StringComparer.Ordinal);
        consent = consentTable.GetAlternateLookup<ReadOnlySpan<char>>();
        marketing = Marketing.GetAlternateLookup<ReadOnlySpan<char>>();
        consentCount = consentTable.Count;
        maxConsentLength = consentTable.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
        maxMarketingLength = Marketing.Select(k => k.Length).DefaultIfEmpty(0).Max();
        probeLength = Math.Max(maxConsentLength, maxMarketingLength) + 1;
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
        if (probeLength == 1)
        {
            return default;
        }

        Span<char> buffer = stackalloc char[BufferLength];
        buffer = buffer[..probeLength];
        var length = KeywordNormalizer.Normalize(text, buffer, out var truncated);
        var normalized = buffer[..length];

        var kind = ConsentKeywordKind.None;
        string? consentKeyword = null;
        if (consentCount > 0 && !truncated && length is > 0 && length <= maxConsentLength
            && consent.TryGetValue(normalized, out var found))
        {
            (kind, consentKeyword) = found;
        }

        string? marketingKeyword = null;
        if (maxMarketingLength > 0 && length > 0)
        {
            var space = normalized.IndexOf(' ');
            // No space in a truncated buffer: the first word is longer than any keyword.
            if (space >= 0 || !truncated)
            {
                var firstWord = space >= 0 ? normalized[..space] : normalized;
                firstWord = firstWord.TrimEnd(".!?");
                if (firstWord.Length is > 0 && firstWord.Length <= maxMarketingLength)
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
