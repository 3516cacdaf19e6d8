using System.Collections.Immutable;
using System.Text.Json.Serialization;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// How a keyword set is stored inside the channel hash's "ksets" JSON array: the same short names
/// as the channel's own fields (kin, kdin, kout, khelp, kmkt, pin, pdin, cin, cout, help) plus
/// "lang"; an empty list or a null text is left out. Pinned by RedisRecordFormatTests.
/// </summary>
internal sealed record StoredKeywordSet
{
    [JsonPropertyName("lang")] public required string Language { get; init; }
    [JsonPropertyName("kin")] public string[]? OptIn { get; init; }
    [JsonPropertyName("kdin")] public string[]? DoubleOptIn { get; init; }
    [JsonPropertyName("kout")] public string[]? OptOut { get; init; }
    [JsonPropertyName("khelp")] public string[]? Help { get; init; }
    [JsonPropertyName("kmkt")] public string[]? Marketing { get; init; }
    [JsonPropertyName("pin")] public string? OptInPrompt { get; init; }
    [JsonPropertyName("pdin")] public string? DoubleOptInPrompt { get; init; }
    [JsonPropertyName("cin")] public string? OptInConfirmation { get; init; }
    [JsonPropertyName("cout")] public string? OptOutConfirmation { get; init; }
    [JsonPropertyName("help")] public string? HelpResponse { get; init; }

    public static StoredKeywordSet From(KeywordSet set) => new()
    {
        Language = set.Language,
        OptIn = ArrayOrNull(set.OptInKeywords),
        DoubleOptIn = ArrayOrNull(set.DoubleOptInKeywords),
        OptOut = ArrayOrNull(set.OptOutKeywords),
        Help = ArrayOrNull(set.HelpKeywords),
        Marketing = ArrayOrNull(set.MarketingKeywords),
        OptInPrompt = set.OptInPrompt,
        DoubleOptInPrompt = set.DoubleOptInPrompt,
        OptInConfirmation = set.OptInConfirmation,
        OptOutConfirmation = set.OptOutConfirmation,
        HelpResponse = set.HelpResponse,
    };

    public KeywordSet ToDomain() => new()
    {
        Language = Language,
        OptInKeywords = [.. OptIn ?? []],
        DoubleOptInKeywords = [.. DoubleOptIn ?? []],
        OptOutKeywords = [.. OptOut ?? []],
        HelpKeywords = [.. Help ?? []],
        MarketingKeywords = [.. Marketing ?? []],
        OptInPrompt = OptInPrompt,
        DoubleOptInPrompt = DoubleOptInPrompt,
        OptInConfirmation = OptInConfirmation,
        OptOutConfirmation = OptOutConfirmation,
        HelpResponse = HelpResponse,
    };

    private static string[]? ArrayOrNull(ImmutableArray<string> list) => list.IsDefaultOrEmpty ? null : [.. list];
}

/// <summary>
/// How a custom keyword is stored inside the channel hash's "ckw" JSON array: kw (keyword as
/// given), m (KeywordMatch number), r (reply text), lang, to (Handler number); null is left out.
/// </summary>
internal sealed record StoredCustomKeyword
{
    [JsonPropertyName("kw")] public required string Keyword { get; init; }
    [JsonPropertyName("m")] public int Match { get; init; }
    [JsonPropertyName("r")] public string? ReplyText { get; init; }
    [JsonPropertyName("lang")] public string? Language { get; init; }
    [JsonPropertyName("to")] public int RouteTo { get; init; }

    public static StoredCustomKeyword From(CustomKeyword custom) => new()
    {
        Keyword = custom.Keyword,
        Match = (int)custom.Match,
        ReplyText = custom.ReplyText,
        Language = custom.Language,
        RouteTo = (int)custom.RouteTo,
    };

    public CustomKeyword ToDomain() => new()
    {
        Keyword = Keyword,
        Match = (KeywordMatch)Match,
        ReplyText = ReplyText,
        Language = Language,
        RouteTo = (Handler)RouteTo,
    };
}
