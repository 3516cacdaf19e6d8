using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Routing.Keywords;

/// <summary>
/// Rules of a channel's custom keywords (domain.md §8): at most
/// <see cref="Limits.MaxCustomKeywords"/>; each keyword obeys the keyword rules (one word for
/// FIRST_WORD) and is disjoint from every other list of the channel; match and route_to are
/// restricted picklists; the language, when given, is a BCP 47 tag. Fields are named by index,
/// e.g. <c>CustomKeywords[3].Keyword</c>.
/// </summary>
/// <remarks>
/// Decision: a custom keyword that routes nowhere (route_to NONE) must have a reply text, else it
/// would swallow the message and answer nothing; one that routes to an application may omit it.
/// </remarks>
public static class CustomKeywordRules
{
    public const string CustomKeywordsField = "CustomKeywords";

    /// <summary>The field name of one custom keyword's property, e.g. <c>CustomKeywords[0].Keyword</c>.</summary>
    public static string Field(int index, string property) => $"{CustomKeywordsField}[{index}].{property}";

    internal static void Validate(ImmutableArray<CustomKeyword> keywords, KeywordOwners owners, ImmutableArray<FieldError>.Builder errors)
    {
        if (keywords.IsDefaultOrEmpty)
        {
            return;
        }

        if (keywords.Length > Limits.MaxCustomKeywords)
        {
            errors.Add(new FieldError(ErrorCodes.StringTooLong, CustomKeywordsField,
                $"A channel has at most {Limits.MaxCustomKeywords} custom keywords; {keywords.Length} given."));
            return;
        }

        for (var i = 0; i < keywords.Length; i++)
        {
            var custom = keywords[i];
            if (custom is null)
            {
                errors.Add(new FieldError(ErrorCodes.RequiredFieldMissing, $"{CustomKeywordsField}[{i}]", "A custom keyword cannot be null."));
                continue;
            }

            var matchField = Field(i, "Match");
            if ((int)custom.Match == 0)
            {
                errors.Add(new FieldError(ErrorCodes.RequiredFieldMissing, matchField, "Match is required (WHOLE_MESSAGE or FIRST_WORD)."));
            }
            else if (!Enum.IsDefined(custom.Match))
            {
                errors.Add(new FieldError(ErrorCodes.InvalidOrNullForRestrictedPicklist, matchField,
                    $"{(int)custom.Match} is not a KeywordMatch (WHOLE_MESSAGE or FIRST_WORD)."));
            }

            var keywordField = Field(i, "Keyword");
            if (KeywordListRules.Normalize(custom.Keyword, keywordField, oneWord: custom.Match == KeywordMatch.FirstWord, errors) is { } keyword)
            {
                owners.Claim(keyword, new KeywordPlace(keywordField, custom.Language));
            }

            if (!Enum.IsDefined(custom.RouteTo))
            {
                errors.Add(new FieldError(ErrorCodes.InvalidOrNullForRestrictedPicklist, Field(i, "RouteTo"),
                    $"{(int)custom.RouteTo} is not a handler (NONE, OMNI_CHANNEL or JOURNEY_BUILDER)."));
            }

            var replyField = Field(i, "ReplyText");
            if (string.IsNullOrWhiteSpace(custom.ReplyText) && custom.RouteTo == Handler.None)
            {
                errors.Add(new FieldError(ErrorCodes.RequiredFieldMissing, replyField,
                    "A custom keyword that routes nowhere (route_to NONE) needs a reply text."));
            }

            TextRules.CheckLength(replyField, custom.ReplyText, errors);
            if (!string.IsNullOrEmpty(custom.Language) && !LanguageTag.IsWellFormed(custom.Language))
            {
                errors.Add(new FieldError(ErrorCodes.FieldIntegrityException, Field(i, "Language"),
                    "The language is not a BCP 47 tag (e.g. 'es', 'pt-BR')."));
            }
        }
    }
}
