using System.Globalization;
using MessagingChannelUsage.LoadTests.Engine;
using MessagingChannelUsage.LoadTests.Setup;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.LoadTests.Scenarios;

/// <summary>One message to send, before it becomes a proto (so the echo baseline can send the same data).</summary>
public sealed record MessageTemplate(string ChannelId, string PlatformKey, string Text, Handler Sender, string Profile);

/// <summary>
/// The seeded traffic mix: which channel (by the fixture's weights), which end user (uniform over
/// a fixed population per channel), which text (mostly plain, some marketing keywords, a few
/// consent keywords, a share of Spanish keywords of the channels' "es" keyword set). The same seed
/// and fixture give the same sequence.
/// </summary>
public static class MessageMix
{
    /// <summary>Items drawn per feed before it wraps around.</summary>
    public const int FeedLength = 1 << 16;

    public static readonly IReadOnlyList<string> PlainTexts =
    [
        "Hi, where is my order?",
        "I need to change my delivery address",
        "My package arrived damaged",
        "Can I talk to an agent please",
        "What are your opening hours?",
        "Thanks, that solved it",
        "Is my refund processed yet",
        "hello",
    ];

    /// <summary>The Spanish share: the "es" set's help, opt-in, opt-out and marketing keywords, as customers write them.</summary>
    public static readonly IReadOnlyList<string> SpanishTexts = ["¿Ayuda?", "alta", "BAJA", "unirse ya"];

    private enum TextKind { Plain, Marketing, Help, OptIn, OptOut, Spanish }

    private static readonly IReadOnlyList<(TextKind, double)> TextWeights =
    [
        (TextKind.Plain, 72), (TextKind.Marketing, 20), (TextKind.Help, 2), (TextKind.OptIn, 2), (TextKind.OptOut, 1), (TextKind.Spanish, 3),
    ];

    /// <summary>Inbound messages over every channel of the fixture.</summary>
    public static DataFeed<MessageTemplate> Inbound(RoutingFixture fixture, int usersPerChannel, int seed)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var random = new Random(seed);
        var channels = DataFeed.Weighted([.. fixture.Channels.Select((c, i) => (i, c.Weight))], FeedLength, seed);
        var kinds = DataFeed.Weighted(TextWeights, FeedLength, seed + 1);
        var items = new MessageTemplate[FeedLength];
        for (var i = 0; i < FeedLength; i++)
        {
            var channelIndex = channels.Next();
            var channel = fixture.Channels[channelIndex];
            var user = random.Next(usersPerChannel);
            items[i] = new MessageTemplate(channel.Id, PlatformKey(channelIndex, user), Text(kinds.Next(), channel, random), Handler.Unspecified, channel.Profile);
        }

        return new DataFeed<MessageTemplate>(items);
    }

    /// <summary>Outbound messages: 60 % from Omni-Channel agents, 40 % from Journey Builder.</summary>
    public static DataFeed<MessageTemplate> Outbound(RoutingFixture fixture, int usersPerChannel, int seed)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var random = new Random(seed);
        var candidates = fixture.Channels.Select((c, i) => (c, i)).Where(x => x.c.CanSendOutbound).ToList();
        var channels = DataFeed.Weighted([.. candidates.Select(x => (x.i, x.c.Weight))], FeedLength, seed);
        var senders = DataFeed.Weighted([(Handler.OmniChannel, 60.0), (Handler.JourneyBuilder, 40.0)], FeedLength, seed + 2);
        var items = new MessageTemplate[FeedLength];
        for (var i = 0; i < FeedLength; i++)
        {
            var channelIndex = channels.Next();
            var channel = fixture.Channels[channelIndex];
            var user = random.Next(usersPerChannel);
            items[i] = new MessageTemplate(channel.Id, PlatformKey(channelIndex, user), PlainTexts[random.Next(PlainTexts.Count)], senders.Next(), channel.Profile);
        }

        return new DataFeed<MessageTemplate>(items);
    }

    /// <summary>An E.164-looking key, unique per (channel, user).</summary>
    public static string PlatformKey(int channelIndex, int user) =>
        string.Create(CultureInfo.InvariantCulture, $"+1555{channelIndex:D2}{user:D6}");

    private static string Text(TextKind kind, FixtureChannel channel, Random random) => kind switch
    {
        TextKind.Marketing when channel.MarketingKeywords.Count > 0 =>
            MarketingText(channel.MarketingKeywords[random.Next(channel.MarketingKeywords.Count)], random),
        TextKind.Help => "HELP",
        TextKind.OptIn => "START",
        TextKind.OptOut => "STOP",
        TextKind.Spanish => SpanishTexts[random.Next(SpanishTexts.Count)],
        _ => PlainTexts[random.Next(PlainTexts.Count)],
    };

    // The first word is the keyword (domain.md §4.3); vary case and trailing words as customers do.
    private static string MarketingText(string keyword, Random random) => random.Next(3) switch
    {
        0 => keyword,
        1 => keyword + " now",
        _ => keyword.ToLowerInvariant() + " please!",
    };
}
