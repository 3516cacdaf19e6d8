using CsCheck;
using MessagingChannelUsage.Routing.Keywords;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;

namespace MessagingChannelUsage.Routing.Tests.Routing;

/// <summary>
/// For any snapshot (any mix of usages, statuses, consent types and overrides), any end-user
/// state and any message, the decision is total, deterministic and consistent.
/// </summary>
public class RouterPropertyTests
{
    private static readonly RoutingReason[] NoneReasons =
        [RoutingReason.ChannelNotFound, RoutingReason.NoActiveUsage, RoutingReason.OptOutKeyword, RoutingReason.OptInKeyword, RoutingReason.HelpKeyword];

    private static readonly RoutingReason[] OmniReasons =
        [RoutingReason.ServiceOnly, RoutingReason.NotAMarketingKeyword, RoutingReason.ActiveServiceSession];

    private static readonly RoutingReason[] JourneyReasons =
        [RoutingReason.MarketingOnly, RoutingReason.MarketingKeyword, RoutingReason.NoActiveServiceSession];

    private static readonly RoutingReason[] OutboundNoneReasons =
        [RoutingReason.ChannelNotFound, RoutingReason.OptedOut, RoutingReason.UsageNotActive, RoutingReason.ConsentRequired];

    private static readonly Gen<ChannelSnapshot?> GenSnapshot =
        Gen.Select(GenUsage(DeploymentType.Conversation), GenUsage(DeploymentType.MessagingEngagement), GenUsage(DeploymentType.MJ), Gen.Int[0, 9])
            .Select(t => t.Item4 == 0
                ? null
                : ChannelSnapshot.Create(TestChannels.Channel(), new[] { t.Item1, t.Item2, t.Item3 }.OfType<ChannelUsage>(), 1));

    private static readonly Gen<EndUserState> GenUser =
        Gen.Select(Gen.Enum<ConsentStatus>().Nullable(0.25), Gen.Enum<SessionStatus>().Nullable(0.4), Gen.Bool)
            .Select(t => t.Item3
                ? EndUserState.Unknown with { ConsentStatus = t.Item1 }
                : new EndUserState("0PA000000000001AAA", t.Item1, t.Item2 is null ? null : "0Mw000000000001AAA", t.Item2));

    private static readonly Gen<string> GenText = Gen.Frequency(
        (3, Gen.OneOf("STOP", "stop!", " Opt out ", "YES", "start", "confirm", "HELP", "info?", "JOIN now", "deals", "hello",
            "ＳＴＯＰ", "ｊｏｉｎ", "stop sending me offers", "", "   ", "\uFB01", "JOIN" + new string('!', 100))),
        (2, Gen.String));

    [Fact]
    public void DecideInbound_IsTotalDeterministicAndConsistent()
    {
        Gen.Select(GenSnapshot, GenUser, GenText).Sample((snapshot, user, text) =>
        {
            var classification = snapshot is null ? default : Router.Classify(snapshot, text);
            var decision = Router.DecideInbound(snapshot, classification, user);

            Assert.Equal(decision, Router.DecideInbound(snapshot, classification, user));
            Assert.Equal(decision, Router.RouteInbound(snapshot, text, user));
            Assert.True(Enum.IsDefined(decision.Reason));
            Assert.Contains(decision.Reason, decision.Handler switch
            {
                Handler.None => NoneReasons,
                Handler.OmniChannel => OmniReasons,
                Handler.JourneyBuilder => JourneyReasons,
                _ => [],
            });

            // The handler's usage is active and of the handler's kind; NONE names no usage.
            if (decision.Handler == Handler.None)
            {
                Assert.Null(decision.Usage);
            }
            else
            {
                Assert.Same(snapshot!.UsageOf(decision.Handler), decision.Usage);
                Assert.True(decision.Usage!.IsActive);
            }

            // Effects: a consent change is a real change and is the consent after; a session is
            // opened exactly when Omni-Channel takes a user without an open session.
            if (decision.Effects.SetConsent is { } set)
            {
                Assert.NotEqual(user.ConsentStatus, set);
                Assert.Equal(set, decision.ConsentAfter);
            }
            else
            {
                Assert.Equal(user.ConsentStatus, decision.ConsentAfter);
            }

            Assert.Equal(
                decision.Handler == Handler.OmniChannel && !user.HasOpenSession,
                decision.Effects.OpenSessionWithOrigin == SessionOrigin.InboundInitiated);
            Assert.NotEqual(SessionOrigin.AgentInitiated, decision.Effects.OpenSessionWithOrigin);

            // Only an opt-out lowers consent; only an opt-in keyword undoes an opt-out.
            if (decision.Reason != RoutingReason.OptOutKeyword)
            {
                Assert.True(Consent.Rank(decision.ConsentAfter) >= Consent.Rank(user.ConsentStatus));
                Assert.NotEqual(ConsentStatus.OptedOut, decision.Effects.SetConsent);
            }

            if (user.ConsentStatus == ConsentStatus.OptedOut && decision.Reason != RoutingReason.OptInKeyword)
            {
                Assert.Equal(ConsentStatus.OptedOut, decision.ConsentAfter);
            }

            // Without a needed read, the answer does not depend on the end user.
            if (!Router.NeedsEndUserState(snapshot, classification))
            {
                var blind = Router.DecideInbound(snapshot, classification, EndUserState.Unknown);
                Assert.Equal((decision.Handler, decision.Reason, decision.ReplyText), (blind.Handler, blind.Reason, blind.ReplyText));
            }
        }, iter: 20_000);
    }

    [Fact]
    public void DecideOutbound_IsTotalDeterministicAndCompliant()
    {
        Gen.Select(GenSnapshot, GenUser, Gen.OneOf(Handler.OmniChannel, Handler.JourneyBuilder, Handler.None, (Handler)0))
            .Sample((snapshot, user, sender) =>
            {
                var decision = Router.DecideOutbound(snapshot, user, sender);

                Assert.Equal(decision, Router.DecideOutbound(snapshot, user, sender));
                Assert.Null(decision.Effects.SetConsent);
                Assert.Equal(user.ConsentStatus, decision.ConsentAfter);
                if (decision.Handler == Handler.None)
                {
                    Assert.Contains(decision.Reason, OutboundNoneReasons);
                    Assert.Null(decision.Usage);
                    Assert.Null(decision.Effects.OpenSessionWithOrigin);
                    return;
                }

                // Allowed: consent met, usage active, a session wins, an agent opens one.
                Assert.True(decision.Usage!.IsActive);
                Assert.True(Consent.Meets(user.ConsentStatus, decision.Usage.ConsentType));
                Assert.NotEqual(ConsentStatus.OptedOut, user.ConsentStatus);
                Assert.Equal(user.HasOpenSession ? Handler.OmniChannel : sender, decision.Handler);
                Assert.Equal(user.HasOpenSession ? RoutingReason.ActiveServiceSession : RoutingReason.SenderAllowed, decision.Reason);
                Assert.Equal(
                    decision.Handler == Handler.OmniChannel && !user.HasOpenSession,
                    decision.Effects.OpenSessionWithOrigin == SessionOrigin.AgentInitiated);
            }, iter: 20_000);
    }

    [Fact]
    public void Classify_AnyText_NeverThrowsAndReturnsKeywordsOfTheSets()
    {
        var sets = KeywordSets.Create(TestChannels.Multilingual());
        GenText.Sample(text =>
        {
            var result = sets.Classify(text);

            Assert.Equal(result.ConsentKeyword == ConsentKeywordKind.None, result.ConsentKeywordText is null);
            // Whatever matched is the snapshot's own entry for that keyword, and the text normalises to it.
            foreach (var entry in new[] { result.WholeMessage, result.FirstWord })
            {
                if (entry is not null)
                {
                    Assert.Same(entry, sets.Find(entry.Keyword));
                }
            }

            if (result.WholeMessage is { } whole)
            {
                Assert.Equal(whole.Keyword, KeywordNormalizer.Normalize(text));
            }

            if (result.MarketingKeyword is { } marketing)
            {
                Assert.StartsWith(marketing, KeywordNormalizer.Normalize(text), StringComparison.Ordinal);
            }
        }, iter: 20_000);
    }

    private static Gen<ChannelUsage?> GenUsage(DeploymentType type)
        => Gen.Select(Gen.Int[0, 3], Gen.Enum<DeploymentStatus>(), Gen.Enum<ConsentType>().Nullable(0.3), Gen.Enum<RoutingOverride>().Nullable(0.3))
            .Select(t => t.Item1 == 0
                ? null
                : TestChannels.Usage(type, t.Item2, t.Item3, type == DeploymentType.MJ ? t.Item4 : null));
}
