using MessagingChannelUsage.LoadTests.Engine;
using MessagingChannelUsage.LoadTests.Scenarios;
using MessagingChannelUsage.LoadTests.Setup;

namespace MessagingChannelUsage.LoadTests.Tests;

public class DataFeedTests
{
    [Fact]
    public void Weighted_SameSeed_GivesTheSameSequence()
    {
        var a = DataFeed.Weighted([("x", 1.0), ("y", 3.0)], 1000, seed: 5);
        var b = DataFeed.Weighted([("x", 1.0), ("y", 3.0)], 1000, seed: 5);

        Assert.Equal(a.Items, b.Items);
    }

    [Fact]
    public void Weighted_DrawsInProportionToTheWeights()
    {
        var feed = DataFeed.Weighted([("x", 1.0), ("y", 3.0)], 40_000, seed: 1);

        var share = feed.Items.Count(i => i == "y") / 40_000.0;

        Assert.InRange(share, 0.74, 0.76);
    }

    [Fact]
    public void Next_WrapsAroundInOrder()
    {
        var feed = new DataFeed<int>([1, 2, 3]);

        Assert.Equal(new[] { 1, 2, 3, 1, 2 }, Enumerable.Range(0, 5).Select(_ => feed.Next()));
    }

    [Fact]
    public void Weighted_NoPositiveWeight_IsRejected() =>
        Assert.Throws<ArgumentException>(() => DataFeed.Weighted([("x", 0.0)], 10, 1));

    [Fact]
    public void InboundMix_ReachesEveryChannelProfileAndSendsMarketingKeywordsAsFirstWord()
    {
        var fixture = new RoutingFixture(
        [
            .. ChannelProfiles.All.Select((p, i) => new FixtureChannel($"0Mj00000000000{i}AAA", p.Profile, p.Weight, ChannelProfiles.MarketingKeywords, null, true)),
            new FixtureChannel(ChannelProfiles.UnknownChannelId, "unknown_channel", ChannelProfiles.UnknownChannelWeight, [], null, true),
        ], "test");

        var feed = MessageMix.Inbound(fixture, usersPerChannel: 100, seed: 42);
        var again = MessageMix.Inbound(fixture, usersPerChannel: 100, seed: 42);

        Assert.Equal(feed.Items, again.Items);
        Assert.Equal(fixture.Channels.Select(c => c.Profile).Order(), feed.Items.Select(m => m.Profile).Distinct().Order());
        var marketing = feed.Items.Where(m => ChannelProfiles.MarketingKeywords.Contains(m.Text.Split(' ')[0].TrimEnd('!').ToUpperInvariant())).ToList();
        Assert.InRange(marketing.Count / (double)feed.Count, 0.16, 0.22);
        Assert.Contains(feed.Items, m => m.Text == "STOP");
        Assert.Contains(feed.Items, m => m.Text == "HELP");
        Assert.Contains(feed.Items, m => m.Text == "START");
        Assert.All(MessageMix.SpanishTexts, text => Assert.Contains(feed.Items, m => m.Text == text));
        Assert.All(feed.Items, m => Assert.StartsWith("+1555", m.PlatformKey, StringComparison.Ordinal));
    }
}
