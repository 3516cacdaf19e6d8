using System.Collections.Immutable;
using Google.Protobuf.Collections;
using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Channels;

/// <summary>
/// MessagingChannel proto ↔ domain. Keywords travel as given (normalised copies live only in the
/// routing snapshot); an empty text or queue id is null. Enum numbers are cast as they are, so
/// an unknown number reaches the channel validator, which names it.
/// </summary>
internal static class ChannelMapping
{
    /// <summary>
    /// The channel as the request states it. The id is parsed (an empty one is the empty string
    /// unless <paramref name="idRequired"/>, so create can draw one); a well-formed fallback queue
    /// id is normalised to 18 characters, a malformed one passes as given for the validator to name.
    /// </summary>
    public static MessagingChannel ToDomain(Proto.MessagingChannel channel, bool idRequired)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var id = channel.Id.Length == 0 && !idRequired
            ? string.Empty
            : RequestValidation.ParseId(channel.Id, "id", KeyPrefixes.MessagingChannel);
        return new MessagingChannel
        {
            Id = id,
            DeveloperName = channel.DeveloperName,
            MasterLabel = channel.MasterLabel,
            Kind = (ChannelKind)(int)channel.Kind,
            MessageType = (MessageType)(int)channel.MessageType,
            FallbackQueueId = FallbackQueueId(channel.FallbackQueueId),
            OptInKeywords = List(channel.OptInKeywords),
            DoubleOptInKeywords = List(channel.DoubleOptInKeywords),
            OptOutKeywords = List(channel.OptOutKeywords),
            HelpKeywords = List(channel.HelpKeywords),
            MarketingKeywords = List(channel.MarketingKeywords),
            OptInPrompt = Text(channel.OptInPrompt),
            DoubleOptInPrompt = Text(channel.DoubleOptInPrompt),
            OptInConfirmation = Text(channel.OptInConfirmation),
            OptOutConfirmation = Text(channel.OptOutConfirmation),
            HelpResponse = Text(channel.HelpResponse),
            KeywordSets = [.. channel.KeywordSets.Select(ToDomain)],
            CustomKeywords = [.. channel.CustomKeywords.Select(ToDomain)],
        };
    }

    public static Proto.MessagingChannel ToProto(this MessagingChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var proto = new Proto.MessagingChannel
        {
            Id = channel.Id,
            DeveloperName = channel.DeveloperName,
            MasterLabel = channel.MasterLabel,
            Kind = (Proto.ChannelKind)channel.Kind,
            MessageType = (Proto.MessageType)channel.MessageType,
            FallbackQueueId = channel.FallbackQueueId ?? string.Empty,
            OptInPrompt = channel.OptInPrompt ?? string.Empty,
            DoubleOptInPrompt = channel.DoubleOptInPrompt ?? string.Empty,
            OptInConfirmation = channel.OptInConfirmation ?? string.Empty,
            OptOutConfirmation = channel.OptOutConfirmation ?? string.Empty,
            HelpResponse = channel.HelpResponse ?? string.Empty,
            CreatedDate = TimeMapping.ToProto(channel.CreatedDate),
            LastModifiedDate = TimeMapping.ToProto(channel.LastModifiedDate),
            SystemModstamp = TimeMapping.ToProto(channel.SystemModstamp),
        };
        proto.OptInKeywords.AddRange(channel.OptInKeywords.IsDefault ? [] : channel.OptInKeywords);
        proto.DoubleOptInKeywords.AddRange(channel.DoubleOptInKeywords.IsDefault ? [] : channel.DoubleOptInKeywords);
        proto.OptOutKeywords.AddRange(channel.OptOutKeywords.IsDefault ? [] : channel.OptOutKeywords);
        proto.HelpKeywords.AddRange(channel.HelpKeywords.IsDefault ? [] : channel.HelpKeywords);
        proto.MarketingKeywords.AddRange(channel.MarketingKeywords.IsDefault ? [] : channel.MarketingKeywords);
        proto.KeywordSets.AddRange(channel.KeywordSets.IsDefault ? [] : channel.KeywordSets.Select(ToProto));
        proto.CustomKeywords.AddRange(channel.CustomKeywords.IsDefault ? [] : channel.CustomKeywords.Select(ToProto));
        return proto;
    }

    public static Proto.ListChannelsResponse ToProto(StorePage<MessagingChannel> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var response = new Proto.ListChannelsResponse { NextPageToken = page.NextPageToken ?? string.Empty };
        foreach (var channel in page.Items)
        {
            response.Channels.Add(channel.ToProto());
        }

        return response;
    }

    /// <summary>A keyword set as sent; an empty text is null (it falls back to the channel's).</summary>
    private static KeywordSet ToDomain(Proto.KeywordSet set) => new()
    {
        Language = set.Language,
        OptInKeywords = List(set.OptInKeywords),
        DoubleOptInKeywords = List(set.DoubleOptInKeywords),
        OptOutKeywords = List(set.OptOutKeywords),
        HelpKeywords = List(set.HelpKeywords),
        MarketingKeywords = List(set.MarketingKeywords),
        OptInPrompt = Text(set.OptInPrompt),
        DoubleOptInPrompt = Text(set.DoubleOptInPrompt),
        OptInConfirmation = Text(set.OptInConfirmation),
        OptOutConfirmation = Text(set.OptOutConfirmation),
        HelpResponse = Text(set.HelpResponse),
    };

    /// <summary>
    /// A custom keyword as sent. route_to HANDLER_UNSPECIFIED (not given) is HANDLER_NONE (answer
    /// only); a match of 0 or an unknown number reaches the validator, which names it.
    /// </summary>
    private static CustomKeyword ToDomain(Proto.CustomKeyword custom) => new()
    {
        Keyword = custom.Keyword,
        Match = (KeywordMatch)(int)custom.Match,
        ReplyText = Text(custom.ReplyText),
        Language = Text(custom.Language),
        RouteTo = custom.RouteTo == Proto.Handler.Unspecified ? Handler.None : (Handler)(int)custom.RouteTo,
    };

    private static Proto.KeywordSet ToProto(KeywordSet set)
    {
        var proto = new Proto.KeywordSet
        {
            Language = set.Language,
            OptInPrompt = set.OptInPrompt ?? string.Empty,
            DoubleOptInPrompt = set.DoubleOptInPrompt ?? string.Empty,
            OptInConfirmation = set.OptInConfirmation ?? string.Empty,
            OptOutConfirmation = set.OptOutConfirmation ?? string.Empty,
            HelpResponse = set.HelpResponse ?? string.Empty,
        };
        proto.OptInKeywords.AddRange(set.OptInKeywords.IsDefault ? [] : set.OptInKeywords);
        proto.DoubleOptInKeywords.AddRange(set.DoubleOptInKeywords.IsDefault ? [] : set.DoubleOptInKeywords);
        proto.OptOutKeywords.AddRange(set.OptOutKeywords.IsDefault ? [] : set.OptOutKeywords);
        proto.HelpKeywords.AddRange(set.HelpKeywords.IsDefault ? [] : set.HelpKeywords);
        proto.MarketingKeywords.AddRange(set.MarketingKeywords.IsDefault ? [] : set.MarketingKeywords);
        return proto;
    }

    private static Proto.CustomKeyword ToProto(CustomKeyword custom) => new()
    {
        Keyword = custom.Keyword,
        Match = (Proto.KeywordMatch)(int)custom.Match,
        ReplyText = custom.ReplyText ?? string.Empty,
        Language = custom.Language ?? string.Empty,
        RouteTo = (Proto.Handler)(int)custom.RouteTo,
    };

    private static string? FallbackQueueId(string value)
        => value.Length == 0 ? null
            : SalesforceId.TryNormalize(value, out var id18, out _) ? id18 : value;

    private static ImmutableArray<string> List(RepeatedField<string> keywords) => [.. keywords];

    private static string? Text(string value) => value.Length == 0 ? null : value;
}
