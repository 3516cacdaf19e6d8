using System.Globalization;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Client.Commands;

/// <summary>
/// The keyword options of <c>mcu channel create|update</c> (domain.md §8), applied to a channel:
/// <list type="bullet">
/// <item><c>--keyword-set LANG:FIELD=VALUE</c>: FIELD is optout, optin, double-optin, help or
/// marketing (VALUE = keywords separated by commas; replaces that list of the set), or
/// opt-in-prompt, double-opt-in-prompt, opt-in-confirmation, opt-out-confirmation, help-response
/// (VALUE = the text). The set of LANG is created when the channel has none. E.g.
/// <c>--keyword-set es:optout=BAJA,ALTO --keyword-set "es:opt-out-confirmation=Te has dado de baja."</c></item>
/// <item><c>--custom-keyword KEYWORD[/MATCH][/ROUTE-TO][@LANG]=REPLY</c>: MATCH is whole-message
/// (default) or first-word, ROUTE-TO none (default), omni-channel or journey-builder. A custom
/// keyword with the same keyword (ignoring case) is replaced. E.g.
/// <c>--custom-keyword "PRECIO/first-word/journey-builder@es=Precios en example.com"</c></item>
/// </list>
/// </summary>
internal static class KeywordArguments
{
    public static void ApplyKeywordSet(MessagingChannel channel, string argument)
    {
        var colon = argument.IndexOf(':', StringComparison.Ordinal);
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        if (colon <= 0 || equals < colon + 2)
        {
            throw new UsageException($"--keyword-set: '{argument}' is not LANG:FIELD=VALUE (e.g. es:optout=BAJA,ALTO).");
        }

        var language = argument[..colon];
        var field = Squash(argument[(colon + 1)..equals]);
        var value = argument[(equals + 1)..];
        var set = channel.KeywordSets.FirstOrDefault(s => string.Equals(s.Language, language, StringComparison.OrdinalIgnoreCase));
        if (set is null)
        {
            set = new KeywordSet { Language = language };
            channel.KeywordSets.Add(set);
        }

        switch (field)
        {
            case "optout": Replace(set.OptOutKeywords, value); break;
            case "optin": Replace(set.OptInKeywords, value); break;
            case "doubleoptin": Replace(set.DoubleOptInKeywords, value); break;
            case "help": Replace(set.HelpKeywords, value); break;
            case "marketing": Replace(set.MarketingKeywords, value); break;
            case "optinprompt": set.OptInPrompt = value; break;
            case "doubleoptinprompt": set.DoubleOptInPrompt = value; break;
            case "optinconfirmation": set.OptInConfirmation = value; break;
            case "optoutconfirmation": set.OptOutConfirmation = value; break;
            case "helpresponse": set.HelpResponse = value; break;
            default:
                throw new UsageException(
                    $"--keyword-set: '{argument[(colon + 1)..equals]}' is not one of optout, optin, double-optin, help, marketing, "
                    + "opt-in-prompt, double-opt-in-prompt, opt-in-confirmation, opt-out-confirmation, help-response.");
        }
    }

    public static void ApplyCustomKeyword(MessagingChannel channel, string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new UsageException($"--custom-keyword: '{argument}' is not KEYWORD[/MATCH][/ROUTE-TO][@LANG]=REPLY.");
        }

        var spec = argument[..equals];
        var custom = new CustomKeyword { Match = KeywordMatch.WholeMessage, RouteTo = Handler.None, ReplyText = argument[(equals + 1)..] };
        var at = spec.LastIndexOf('@');
        if (at > 0)
        {
            custom.Language = spec[(at + 1)..];
            spec = spec[..at];
        }

        var parts = spec.Split('/');
        custom.Keyword = parts[0];
        foreach (var part in parts.Skip(1))
        {
            switch (Squash(part))
            {
                case "wholemessage": custom.Match = KeywordMatch.WholeMessage; break;
                case "firstword": custom.Match = KeywordMatch.FirstWord; break;
                case "none": custom.RouteTo = Handler.None; break;
                case "omnichannel": custom.RouteTo = Handler.OmniChannel; break;
                case "journeybuilder": custom.RouteTo = Handler.JourneyBuilder; break;
                default:
                    throw new UsageException(
                        $"--custom-keyword: '{part}' is not whole-message, first-word, none, omni-channel or journey-builder.");
            }
        }

        var existing = channel.CustomKeywords.FirstOrDefault(k => string.Equals(k.Keyword, custom.Keyword, StringComparison.OrdinalIgnoreCase));
        if (existing is not null)
        {
            channel.CustomKeywords.Remove(existing);
        }

        channel.CustomKeywords.Add(custom);
    }

    private static void Replace(Google.Protobuf.Collections.RepeatedField<string> list, string value)
    {
        list.Clear();
        list.AddRange(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Squash(string text)
        => new string([.. text.Where(c => c is not ('-' or '_' or ' '))]).ToLower(CultureInfo.InvariantCulture);
}
