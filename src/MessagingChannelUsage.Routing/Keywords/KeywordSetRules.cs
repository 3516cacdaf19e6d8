using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Routing.Keywords;

/// <summary>
/// Rules of a channel's keyword sets (domain.md §8): at most <see cref="Limits.MaxKeywordSets"/>;
/// each has a well-formed BCP 47 language, unique per channel ignoring case; its reply texts obey
/// the text limit and its lists the rules of <see cref="KeywordListRules"/>. Fields are named by
/// index, e.g. <c>KeywordSets[1].Language</c>.
/// </summary>
public static class KeywordSetRules
{
    public const string KeywordSetsField = "KeywordSets";

    /// <summary>The field name of one set's property, e.g. <c>KeywordSets[0].OptOutKeywords</c>.</summary>
    public static string Field(int index, string property) => $"{KeywordSetsField}[{index}].{property}";

    internal static void Validate(ImmutableArray<KeywordSet> sets, KeywordOwners owners, ImmutableArray<FieldError>.Builder errors)
    {
        if (sets.IsDefaultOrEmpty)
        {
            return;
        }

        if (sets.Length > Limits.MaxKeywordSets)
        {
            // Nothing beyond the count is checked: the request is refused whatever the sets hold.
            errors.Add(new FieldError(ErrorCodes.StringTooLong, KeywordSetsField,
                $"A channel has at most {Limits.MaxKeywordSets} keyword sets; {sets.Length} given."));
            return;
        }

        // Language (lower-cased) → the index of the set that has it first.
        var languages = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < sets.Length; i++)
        {
            var set = sets[i];
            if (set is null)
            {
                errors.Add(new FieldError(ErrorCodes.RequiredFieldMissing, $"{KeywordSetsField}[{i}]", "A keyword set cannot be null."));
                continue;
            }

            ValidateLanguage(set.Language, i, languages, errors);
            TextRules.CheckLength(Field(i, "OptInPrompt"), set.OptInPrompt, errors);
            TextRules.CheckLength(Field(i, "DoubleOptInPrompt"), set.DoubleOptInPrompt, errors);
            TextRules.CheckLength(Field(i, "OptInConfirmation"), set.OptInConfirmation, errors);
            TextRules.CheckLength(Field(i, "OptOutConfirmation"), set.OptOutConfirmation, errors);
            TextRules.CheckLength(Field(i, "HelpResponse"), set.HelpResponse, errors);
            // A set without a usable language still has its keywords checked, named by index.
            KeywordListRules.ValidateLists(set, $"{KeywordSetsField}[{i}].", owners, errors);
        }
    }

    private static void ValidateLanguage(string? language, int index, Dictionary<string, int> languages, ImmutableArray<FieldError>.Builder errors)
    {
        var field = Field(index, "Language");
        if (string.IsNullOrEmpty(language))
        {
            errors.Add(new FieldError(ErrorCodes.RequiredFieldMissing, field, "A keyword set needs a language (a BCP 47 tag such as 'es' or 'pt-BR')."));
        }
        else if (!LanguageTag.IsWellFormed(language))
        {
            errors.Add(new FieldError(ErrorCodes.FieldIntegrityException, field,
                $"'{Clip(language)}' is not a BCP 47 language tag (e.g. 'es', 'pt-BR', 'zh-Hant-TW')."));
        }
        else if (!languages.TryAdd(language, index))
        {
            errors.Add(new FieldError(ErrorCodes.DuplicateValue, field,
                $"The language '{language}' is in both {Field(languages[language], "Language")} and {field}; a channel has one keyword set per language."));
        }
    }

    /// <summary>A bad value quoted back at most this long (a message stays readable).</summary>
    private static string Clip(string value) => value.Length <= Limits.MaxLanguageTagLength ? value : value[..Limits.MaxLanguageTagLength] + "…";
}
