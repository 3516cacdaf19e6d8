using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Routing.Keywords;

/// <summary>
/// Validation of every keyword list of a channel (domain.md §4.3, §8): the five default lists,
/// the lists of each keyword set and the custom keywords. Each keyword is non-empty once
/// normalised and at most <see cref="Limits.MaxKeywordLength"/> characters; a list holds at most
/// <see cref="Limits.MaxKeywordsPerList"/>; and no keyword is in two places of the channel
/// (<c>DUPLICATE_VALUE</c> naming the keyword and both places).
/// </summary>
/// <remarks>
/// Decisions: the same keyword twice in ONE list is harmless (the set keeps one) and accepted;
/// a marketing keyword (and a FIRST_WORD custom keyword) must be one word, since only the first
/// word of a message is compared with it (a two-word keyword could never match).
/// </remarks>
public static class KeywordListRules
{
    public const string OptInKeywordsField = "OptInKeywords";
    public const string DoubleOptInKeywordsField = "DoubleOptInKeywords";
    public const string OptOutKeywordsField = "OptOutKeywords";
    public const string HelpKeywordsField = "HelpKeywords";
    public const string MarketingKeywordsField = "MarketingKeywords";

    /// <summary>Every violation of the channel's keyword lists, sets and custom keywords (empty when valid).</summary>
    public static ImmutableArray<FieldError> Validate(MessagingChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        var owners = new KeywordOwners(errors);
        ValidateLists(KeywordSet.DefaultsOf(channel), fieldPrefix: string.Empty, owners, errors);
        KeywordSetRules.Validate(channel.KeywordSets, owners, errors);
        CustomKeywordRules.Validate(channel.CustomKeywords, owners, errors);
        return errors.ToImmutable();
    }

    /// <summary>The five lists of a set with their field names, consent lists first (opt-out first of all).</summary>
    internal static IEnumerable<(string Field, ImmutableArray<string> List)> ListsOf(KeywordSet set)
    {
        yield return (OptOutKeywordsField, set.OptOutKeywords);
        yield return (OptInKeywordsField, set.OptInKeywords);
        yield return (DoubleOptInKeywordsField, set.DoubleOptInKeywords);
        yield return (HelpKeywordsField, set.HelpKeywords);
        yield return (MarketingKeywordsField, set.MarketingKeywords);
    }

    /// <summary>Checks the five lists of <paramref name="set"/>; fields are named <c>{fieldPrefix}OptOutKeywords</c> and so on.</summary>
    internal static void ValidateLists(KeywordSet set, string fieldPrefix, KeywordOwners owners, ImmutableArray<FieldError>.Builder errors)
    {
        var language = set.Language.Length == 0 ? null : set.Language;
        foreach (var (name, list) in ListsOf(set))
        {
            if (list.IsDefaultOrEmpty)
            {
                continue;
            }

            var field = fieldPrefix + name;
            if (list.Length > Limits.MaxKeywordsPerList)
            {
                errors.Add(new FieldError(ErrorCodes.StringTooLong, field,
                    $"A keyword list holds at most {Limits.MaxKeywordsPerList} keywords; {list.Length} given."));
            }

            foreach (var raw in list)
            {
                if (Normalize(raw, field, oneWord: name == MarketingKeywordsField, errors) is { } keyword)
                {
                    owners.Claim(keyword, new KeywordPlace(field, language));
                }
            }
        }
    }

    /// <summary>
    /// The normalised keyword, or null after adding the error that makes it unusable (empty, too
    /// long, or several words where one is compared).
    /// </summary>
    internal static string? Normalize(string? raw, string field, bool oneWord, ImmutableArray<FieldError>.Builder errors)
    {
        if (raw is null || raw.Length > Limits.MaxKeywordLength)
        {
            // Checked before normalising so a huge string costs nothing.
            errors.Add(raw is null ? Empty(field) : TooLong(field));
            return null;
        }

        var keyword = KeywordNormalizer.Normalize(raw);
        if (keyword.Length == 0)
        {
            errors.Add(Empty(field));
            return null;
        }

        if (keyword.Length > Limits.MaxKeywordLength)
        {
            errors.Add(TooLong(field));
            return null;
        }

        if (oneWord && keyword.Contains(' ', StringComparison.Ordinal))
        {
            errors.Add(new FieldError(ErrorCodes.FieldIntegrityException, field,
                $"This keyword is one word (the first word of a message is compared): '{keyword}'."));
            return null;
        }

        return keyword;
    }

    private static FieldError Empty(string field) => new(ErrorCodes.DuplicateValue, field, "A keyword cannot be empty.");

    private static FieldError TooLong(string field)
        => new(ErrorCodes.StringTooLong, field, $"A keyword has at most {Limits.MaxKeywordLength} characters.");
}
