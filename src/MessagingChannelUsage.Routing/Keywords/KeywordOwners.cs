using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Routing.Keywords;

/// <summary>Where a keyword lives: a field (e.g. <c>KeywordSets[0].OptOutKeywords</c>) and the set's language, if any.</summary>
internal readonly record struct KeywordPlace(string Field, string? Language)
{
    public override string ToString() => Language is null ? Field : $"{Field} ({Language})";
}

/// <summary>
/// The disjointness check of domain.md §4.3/§8: remembers which place holds each normalised
/// keyword and reports a keyword claimed by a second place as <c>DUPLICATE_VALUE</c> on that
/// place, naming the keyword and both places. A second claim from the same field is accepted.
/// </summary>
internal sealed class KeywordOwners(ImmutableArray<FieldError>.Builder errors)
{
    private readonly Dictionary<string, KeywordPlace> owners = new(StringComparer.Ordinal);

    public void Claim(string keyword, KeywordPlace place)
    {
        if (!owners.TryAdd(keyword, place) && owners[keyword] is var first && first.Field != place.Field)
        {
            errors.Add(new FieldError(ErrorCodes.DuplicateValue, place.Field,
                $"The keyword '{keyword}' is in both {first} and {place}; the keyword lists of a channel are disjoint."));
        }
    }
}
