using System.Collections.Immutable;
using Google.Protobuf.Collections;
using MessagingChannelUsage.Routing.Model;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Mapping.Admin;

/// <summary>
/// MessagingChannel proto ↔ domain. Keywords travel as given (normalised copies live only in the
/// routing snapshot); an empty text or queue id is null. Enum numbers are cast as they are, so
/// an unknown number reaches the channel validator, which names it.
/// </summary>
internal static class ChannelMapping
{
    public static MessagingChannel ToDomain(this Proto.MessagingChannel channel, string id18, string? fallbackQueueId18)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return new MessagingChannel
        {
            Id = id18,
            DeveloperName = channel.DeveloperName,
            MasterLabel = channel.MasterLabel,
            Kind = (ChannelKind)(int)channel.Kind,
            MessageType = (MessageType)(int)channel.MessageType,
            FallbackQueueId = fallbackQueueId18,
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
            CreatedDate = ProtoTime.ToProto(channel.CreatedDate),
            LastModifiedDate = ProtoTime.ToProto(channel.LastModifiedDate),
            SystemModstamp = ProtoTime.ToProto(channel.SystemModstamp),
        };
        proto.OptInKeywords.AddRange(channel.OptInKeywords.IsDefault ? [] : channel.OptInKeywords);
        proto.DoubleOptInKeywords.AddRange(channel.DoubleOptInKeywords.IsDefault ? [] : channel.DoubleOptInKeywords);
        proto.OptOutKeywords.AddRange(channel.OptOutKeywords.IsDefault ? [] : channel.OptOutKeywords);
        proto.HelpKeywords.AddRange(channel.HelpKeywords.IsDefault ? [] : channel.HelpKeywords);
        proto.MarketingKeywords.AddRange(channel.MarketingKeywords.IsDefault ? [] : channel.MarketingKeywords);
        return proto;
    }

    private static ImmutableArray<string> List(RepeatedField<string> keywords) => [.. keywords];

    private static string? Text(string value) => value.Length == 0 ? null : value;
}
