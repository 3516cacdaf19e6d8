using System.Text.RegularExpressions;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Routing.Keywords;

/// <summary>
/// BCP 47 language tags (RFC 5646). A tag is accepted when it is well-formed by the RFC's
/// grammar (language[-extlang][-script][-region](-variant)*(-extension)*[-privateuse], or a
/// private-use tag "x-…"); subtags are not looked up in the IANA registry.
/// </summary>
/// <remarks>
/// Decision: a grammar check rather than <c>CultureInfo</c>, because the gateway may run with
/// invariant globalization (no ICU, every culture name "valid") and because a connector may use a
/// tag the platform does not know (e.g. "es-419"). The irregular grandfathered tags
/// ("i-klingon", "en-GB-oed") are refused; their modern forms are accepted. Tags are kept as
/// given and compared ignoring case.
/// </remarks>
public static partial class LanguageTag
{
    /// <summary>True when <paramref name="tag"/> is a well-formed BCP 47 tag.</summary>
    public static bool IsWellFormed(string? tag)
        => !string.IsNullOrEmpty(tag) && tag.Length <= Limits.MaxLanguageTagLength && Grammar().IsMatch(tag);

    /// <summary>Tags are equal ignoring ASCII case ("pt-BR" = "pt-br").</summary>
    public static bool AreEqual(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    // ASCII classes spelled out rather than IgnoreCase, which would also let the Kelvin sign in as 'k'.
    [GeneratedRegex(
        """
        ^(?:
          (?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4}|[A-Za-z]{5,8})   # language [extlang]
          (?:-[A-Za-z]{4})?                                         # script
          (?:-(?:[A-Za-z]{2}|[0-9]{3}))?                            # region
          (?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*               # variants
          (?:-[0-9A-WYa-wy-z](?:-[A-Za-z0-9]{2,8})+)*                   # extensions
          (?:-[xX](?:-[A-Za-z0-9]{1,8})+)?                             # private use
        |
          [xX](?:-[A-Za-z0-9]{1,8})+                                   # a private-use tag
        )\z
        """,
        RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex Grammar();
}
