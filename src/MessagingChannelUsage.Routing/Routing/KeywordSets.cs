using System.Collections.Frozen;
using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Keywords;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Routing.Routing;

/// <summary>
/// Every keyword of a channel (the default lists, each language's keyword set, the custom
/// keywords), normalised (domain.md §4.3) into TWO frozen tables probed with a span: one for
/// keywords that match the whole message (consent keywords, WHOLE_MESSAGE custom keywords), one
/// for keywords that match the first word (marketing keywords, FIRST_WORD custom keywords). A
/// message costs one normalisation and at most two probes however many languages the channel
/// has, and allocates nothing: a match returns the snapshot's own <see cref="KeywordEntry"/>.
/// </summary>
public sealed class KeywordSets
{
    /// <summary>
    /// The normalised message is built in a stack buffer of at most this size (in fact one more
    /// than the channel's longest keyword): a longer message can match no whole-message keyword,
    /// and its first word is still inside the buffer when it is short enough to be a keyword.
    /// </summary>
    private const int BufferLength = Limits.MaxKeywordLength + 1;

    private readonly FrozenDictionary<string, KeywordEntry> wholeMessageTable;
    private readonly FrozenDictionary<string, KeywordEntry> firstWordTable;
    private readonly FrozenDictionary<string, KeywordEntry>.AlternateLookup<ReadOnlySpan<char>> wholeMessage;
    private readonly FrozenDictionary<string, KeywordEntry>.AlternateLookup<ReadOnlySpan<char>> firstWord;
    private readonly int maxWholeMessageLength;
    private readonly int maxFirstWordLength;

    /// <summary>How much of a message is normalised: one more than the longest keyword.</summary>
    private readonly int probeLength;

    private KeywordSets(MessagingChannel channel)
    {
        var defaults = KeywordSet.DefaultsOf(channel);
        DefaultReplies = KeywordReplies.Of(defaults, new KeywordReplies(null, null, null, null, null, null));
        // Should two lists share a keyword (validation forbids it), the first one added wins: the
        // default lists, then the sets in order, then the custom keywords; opt-out first in each.
        var whole = new Dictionary<string, KeywordEntry>(StringComparer.Ordinal);
        var first = new Dictionary<string, KeywordEntry>(StringComparer.Ordinal);
        AddSet(defaults, DefaultReplies, whole, first);
        foreach (var set in channel.KeywordSets.IsDefault ? [] : channel.KeywordSets)
        {
            if (set is not null)
            {
                AddSet(set, KeywordReplies.Of(set, DefaultReplies), whole, first);
            }
        }

        foreach (var custom in channel.CustomKeywords.IsDefault ? [] : channel.CustomKeywords)
        {
            if (custom is not null && Normalized(custom.Keyword) is { } keyword)
            {
                var table = custom.Match == KeywordMatch.FirstWord ? first : whole;
                table.TryAdd(keyword, new KeywordEntry(KeywordKind.Custom, keyword, DefaultReplies, custom));
            }
        }

        wholeMessageTable = whole.ToFrozenDictionary(StringComparer.Ordinal);
        firstWordTable = first.ToFrozenDictionary(StringComparer.Ordinal);
        wholeMessage = wholeMessageTable.GetAlternateLookup<ReadOnlySpan<char>>();
        firstWord = firstWordTable.GetAlternateLookup<ReadOnlySpan<char>>();
        maxWholeMessageLength = whole.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
        maxFirstWordLength = first.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
        probeLength = Math.Max(maxWholeMessageLength, maxFirstWordLength) + 1;
    }

    /// <summary>The channel's own reply texts (no language).</summary>
    public KeywordReplies DefaultReplies { get; }

    /// <summary>How many keywords the two tables hold together.</summary>
    public int Count => wholeMessageTable.Count + firstWordTable.Count;

    /// <summary>Builds the tables from the channel's lists, sets and custom keywords (keywords are normalised here).</summary>
    public static KeywordSets Create(MessagingChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return new KeywordSets(channel);
    }

    /// <summary>The entry of a normalised keyword, from either table (whole-message first); null if none.</summary>
    public KeywordEntry? Find(string normalizedKeyword)
        => wholeMessageTable.GetValueOrDefault(normalizedKeyword) ?? firstWordTable.GetValueOrDefault(normalizedKeyword);

    /// <summary>
    /// Normalises <paramref name="text"/> once and probes it: the whole message against the
    /// whole-message table, its first word against the first-word table.
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

        KeywordEntry? wholeMatch = null;
        if (maxWholeMessageLength > 0 && !truncated && length is > 0 && length <= maxWholeMessageLength)
        {
            wholeMessage.TryGetValue(normalized, out wholeMatch);
        }

        KeywordEntry? firstWordMatch = null;
        if (maxFirstWordLength > 0 && length > 0)
        {
            var space = normalized.IndexOf(' ');
            // No space in a truncated buffer: the first word is longer than any keyword.
            if (space >= 0 || !truncated)
            {
                var word = space >= 0 ? normalized[..space] : normalized;
                word = word.TrimEnd(".!?");
                if (word.Length is > 0 && word.Length <= maxFirstWordLength)
                {
                    firstWord.TryGetValue(word, out firstWordMatch);
                }
            }
        }

        return new InboundClassification(wholeMatch, firstWordMatch);
    }

    private static void AddSet(KeywordSet set, KeywordReplies replies, Dictionary<string, KeywordEntry> whole, Dictionary<string, KeywordEntry> first)
    {
        Add(set.OptOutKeywords, KeywordKind.OptOut, replies, whole);
        Add(set.OptInKeywords, KeywordKind.OptIn, replies, whole);
        Add(set.DoubleOptInKeywords, KeywordKind.DoubleOptIn, replies, whole);
        Add(set.HelpKeywords, KeywordKind.Help, replies, whole);
        Add(set.MarketingKeywords, KeywordKind.Marketing, replies, first);
    }

    private static void Add(ImmutableArray<string> keywords, KeywordKind kind, KeywordReplies replies, Dictionary<string, KeywordEntry> table)
    {
        if (keywords.IsDefaultOrEmpty)
        {
            return;
        }

        foreach (var raw in keywords)
        {
            if (Normalized(raw) is { } keyword && !table.ContainsKey(keyword))
            {
                table.Add(keyword, new KeywordEntry(kind, keyword, replies, null));
            }
        }
    }

    /// <summary>The normalised keyword, or null when it could never match (empty or longer than a stored keyword may be).</summary>
    private static string? Normalized(string? keyword)
    {
        if (keyword is null)
        {
            return null;
        }

        var normalized = KeywordNormalizer.Normalize(keyword);
        return normalized.Length is > 0 and <= Limits.MaxKeywordLength ? normalized : null;
    }
}
