using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Routing.Keywords;

/// <summary>
/// Validation of a channel's five keyword lists (domain.md §4.3): each keyword non-empty once
/// normalised, at most <see cref="Limits.MaxKeywordLength"/> characters, at most
/// <see cref="Limits.MaxKeywordsPerList"/> per list, and no keyword in two lists of the channel.
/// </summary>
/// <remarks>
/// Decisions: the same keyword twice in ONE list is harmless (the set keeps one) and accepted;
/// a marketing keyword must be one word, since only the first word of a message is compared
/// with it (a two-word marketing keyword could never match).
/// </remarks>
public static class KeywordListRules
{
    public const string OptInKeywordsField = "OptInKeywords";
    public const string DoubleOptInKeywordsField = "DoubleOptInKeywords";
    public const string OptOutKeywordsField = "OptOutKeywords";
    public const string HelpKeywordsField = "HelpKeywords";
    public const string MarketingKeywordsField = "MarketingKeywords";

    /// <summary>Every violation of the channel's keyword lists (empty when valid).</summary>
    public static ImmutableArray<FieldError> Validate(MessagingChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        // Normalised keyword → the list that has it first.
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, list) in ListsOf(channel))
        {
            if (list.IsDefaultOrEmpty)
            {
                continue;
            }

            if (list.Length > Limits.MaxKeywordsPerList)
            {
                errors.Add(new FieldError(ErrorCodes.StringTooLong, field,
                    $"A keyword list holds at most {Limits.MaxKeywordsPerList} keywords; {list.Length} given."));
            }

            foreach (var raw in list)
            {
                if (raw is null || raw.Length > Limits.MaxKeywordLength)
                {
                    // Checked before normalising so a huge string costs nothing.
                    errors.Add(raw is null
                        ? new FieldError(ErrorCodes.DuplicateValue, field, "A keyword cannot be empty.")
                        : TooLong(field));
                    continue;
                }

                var keyword = KeywordNormalizer.Normalize(raw);
                if (keyword.Length == 0)
                {
                    errors.Add(new FieldError(ErrorCodes.DuplicateValue, field, "A keyword cannot be empty."));
                    continue;
                }

                if (keyword.Length > Limits.MaxKeywordLength)
                {
                    errors.Add(TooLong(field));
                    continue;
                }

                if (field == MarketingKeywordsField && keyword.Contains(' ', StringComparison.Ordinal))
                {
                    errors.Add(new FieldError(ErrorCodes.FieldIntegrityException, field,
                        $"A marketing keyword is one word (the first word of a message is compared): '{keyword}'."));
                }

                if (owner.TryGetValue(keyword, out var firstField))
                {
                    if (firstField != field)
                    {
                        errors.Add(new FieldError(ErrorCodes.DuplicateValue, field,
                            $"The keyword '{keyword}' is already in {firstField}; the keyword lists of a channel are disjoint."));
                    }
                }
                else
                {
                    owner.Add(keyword, field);
                }
            }
        }

        return errors.ToImmutable();
    }

    /// <summary>The five lists with their field names, consent lists first (opt-out first of all).</summary>
    internal static IEnumerable<(string Field, ImmutableArray<string> List)> ListsOf(MessagingChannel channel)
    {
        yield return (OptOutKeywordsField, channel.OptOutKeywords);
        yield return (OptInKeywordsField, channel.OptInKeywords);
        yield return (DoubleOptInKeywordsField, channel.DoubleOptInKeywords);
        yield return (HelpKeywordsField, channel.HelpKeywords);
        yield return (MarketingKeywordsField, channel.MarketingKeywords);
    }

    private static FieldError TooLong(string field)
        => new(ErrorCodes.StringTooLong, field, $"A keyword has at most {Limits.MaxKeywordLength} characters.");
}
