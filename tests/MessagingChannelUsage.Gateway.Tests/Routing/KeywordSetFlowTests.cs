using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Admin;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Tests.Routing;

/// <summary>
/// domain.md §8 end to end: a channel with a Spanish keyword set and custom keywords created
/// through the admin API, routed over gRPC, the end user's preferred language read back.
/// </summary>
public abstract class KeywordSetFlowTests(GatewayFixture fixture)
{
    private const string SpanishOptOut = "Te has dado de baja.";
    private readonly AdminApi api = new(fixture.Host);
    private readonly MessageRouter.MessageRouterClient router = fixture.Router;

    [Fact]
    public async Task SpanishOptOut_IsAnsweredInSpanishAndRecordsTheLanguage()
    {
        var channel = await CreateAsync(DeploymentType.Conversation);
        var key = TestChannel.NewPlatformKey();

        var baja = await router.InboundAsync(channel.Id, key, "¡Baja!");
        var endUser = await fixture.EndUsers.GetEndUserAsync(new GetEndUserRequest { ChannelId = channel.Id, PlatformKey = key }, Calls.Options);
        var alta = await router.InboundAsync(channel.Id, key, "alta");
        var outbound = await router.OutboundAsync(channel.Id, key, Handler.OmniChannel);

        Assert.Equal((Handler.None, RoutingReason.OptOutKeyword, "BAJA"), (baja.Handler, baja.Reason, baja.MatchedKeyword));
        Assert.Equal((SpanishOptOut, "es", ConsentStatus.OptedOut), (baja.ReplyText, baja.Language, baja.ConsentStatus));
        Assert.Equal("es", endUser.PreferredLanguage);
        // The set has no opt-in confirmation: the channel's text answers, still reported as Spanish.
        Assert.Equal((RoutingReason.OptInKeyword, "You are subscribed.", "es"), (alta.Reason, alta.ReplyText, alta.Language));
        Assert.Equal((Handler.OmniChannel, "es"), (outbound.Handler, outbound.Language));
    }

    [Fact]
    public async Task DefaultKeyword_AfterASpanishOne_KeepsTheLanguageAndAnswersInTheDefaultText()
    {
        var channel = await CreateAsync(DeploymentType.Conversation);
        var key = TestChannel.NewPlatformKey();

        await router.InboundAsync(channel.Id, key, "AYUDA");
        var help = await router.InboundAsync(channel.Id, key, "help");
        var endUser = await fixture.EndUsers.GetEndUserAsync(new GetEndUserRequest { ChannelId = channel.Id, PlatformKey = key }, Calls.Options);

        Assert.Equal((RoutingReason.HelpKeyword, "Reply STOP to opt out.", string.Empty), (help.Reason, help.ReplyText, help.Language));
        Assert.Equal("es", endUser.PreferredLanguage);
    }

    [Fact]
    public async Task CustomKeyword_AnswersWithoutASession_AndGoesToTheAgentInOne()
    {
        var channel = await CreateAsync(DeploymentType.Conversation);
        var key = TestChannel.NewPlatformKey();

        var hours = await router.InboundAsync(channel.Id, key, "Horario?");
        var opened = await router.InboundAsync(channel.Id, key, "hola, tengo una pregunta");
        var inSession = await router.InboundAsync(channel.Id, key, "horario");

        Assert.Equal((Handler.None, RoutingReason.CustomKeyword, "HORARIO"), (hours.Handler, hours.Reason, hours.MatchedKeyword));
        Assert.Equal(("Abrimos de 9 a 18.", "es", ConsentStatus.ImplicitlyOptedIn), (hours.ReplyText, hours.Language, hours.ConsentStatus));
        Assert.Equal(string.Empty, hours.SessionId);
        Assert.Equal(RoutingReason.ServiceOnly, opened.Reason);
        Assert.Equal((Handler.OmniChannel, RoutingReason.ServiceOnly, opened.SessionId), (inSession.Handler, inSession.Reason, inSession.SessionId));
    }

    [Fact]
    public async Task CustomKeyword_RoutesToItsHandlerOnlyWhenThatUsageIsActive()
    {
        var withMarketing = await CreateAsync(DeploymentType.Conversation, DeploymentType.Mj);
        var serviceOnly = await CreateAsync(DeploymentType.Conversation);

        var routed = await router.InboundAsync(withMarketing.Id, TestChannel.NewPlatformKey(), "precios del plan");
        var answered = await router.InboundAsync(serviceOnly.Id, TestChannel.NewPlatformKey(), "precios del plan");

        Assert.Equal((Handler.JourneyBuilder, RoutingReason.CustomKeyword, "PRECIOS"), (routed.Handler, routed.Reason, routed.MatchedKeyword));
        Assert.Equal((Handler.None, RoutingReason.CustomKeyword, "Te enviamos los precios."), (answered.Handler, answered.Reason, answered.ReplyText));
        Assert.Equal(string.Empty, answered.UsageId);
    }

    [Fact]
    public async Task GetChannel_ReturnsTheSetsAndCustomKeywordsAsGiven()
    {
        var channel = await CreateAsync(DeploymentType.Conversation);

        var read = await api.Channels.GetChannelAsync(new GetChannelRequest { Id = channel.Id }, Calls.Options);

        var set = Assert.Single(read.KeywordSets);
        Assert.Equal(("es", SpanishOptOut), (set.Language, set.OptOutConfirmation));
        Assert.Equal(["Baja", "ALTO"], set.OptOutKeywords);
        Assert.Equal(["Horario", "PRECIOS"], read.CustomKeywords.Select(k => k.Keyword));
        Assert.Equal(KeywordMatch.FirstWord, read.CustomKeywords[1].Match);
        Assert.Equal(Handler.JourneyBuilder, read.CustomKeywords[1].RouteTo);
        Assert.Equal(Handler.None, read.CustomKeywords[0].RouteTo);
    }

    [Fact]
    public async Task UpdateChannel_ChangesTheKeywordsTheRouterUses()
    {
        var channel = await CreateAsync(DeploymentType.Conversation);
        channel.KeywordSets[0].OptOutKeywords.Add("PARAR");
        channel.CustomKeywords.Clear();

        await api.Channels.UpdateChannelAsync(channel, Calls.Options);
        var parar = await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "parar");
        var horario = await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "horario");

        Assert.Equal((RoutingReason.OptOutKeyword, SpanishOptOut), (parar.Reason, parar.ReplyText));
        Assert.Equal(RoutingReason.ServiceOnly, horario.Reason);
    }

    [Fact]
    public async Task CreateChannel_KeywordInASetAndTheDefaultLists_IsADuplicateValueNamingBothPlaces()
    {
        var draft = Draft();
        draft.KeywordSets[0].HelpKeywords.Add("stop");

        var failure = await AdminApi.FailsAsync(() => api.Channels.CreateChannelAsync(draft, Calls.Options));

        failure.Is(StatusCode.AlreadyExists, "DUPLICATE_VALUE", "KeywordSets[0].HelpKeywords");
        Assert.Contains("'STOP' is in both OptOutKeywords and KeywordSets[0].HelpKeywords (es)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateChannel_BadLanguageAndTooManySets_AreRefusedNamingTheField()
    {
        var badTag = Draft();
        badTag.KeywordSets[0].Language = "Spanish!";
        var tooMany = Draft();
        tooMany.KeywordSets.AddRange(Enumerable.Range(0, 20).Select(i => new KeywordSet { Language = $"x-l{i}" }));

        var badTagFailure = await AdminApi.FailsAsync(() => api.Channels.CreateChannelAsync(badTag, Calls.Options));
        var tooManyFailure = await AdminApi.FailsAsync(() => api.Channels.CreateChannelAsync(tooMany, Calls.Options));

        badTagFailure.Is(StatusCode.InvalidArgument, "FIELD_INTEGRITY_EXCEPTION", "KeywordSets[0].Language");
        tooManyFailure.Is(StatusCode.ResourceExhausted, "STRING_TOO_LONG", "KeywordSets");
    }

    [Fact]
    public async Task CreateChannel_CustomKeywordWithoutMatch_IsRequiredFieldMissing()
    {
        var draft = Draft();
        draft.CustomKeywords[0].Match = KeywordMatch.Unspecified;

        var failure = await AdminApi.FailsAsync(() => api.Channels.CreateChannelAsync(draft, Calls.Options));

        failure.Is(StatusCode.InvalidArgument, "REQUIRED_FIELD_MISSING", "CustomKeywords[0].Match");
    }

    /// <summary>A channel with an "es" set (no opt-in confirmation of its own) and two custom keywords.</summary>
    private static MessagingChannel Draft()
    {
        var draft = AdminApi.ChannelDraft();
        draft.OptInKeywords.Add("START");
        draft.OptInConfirmation = "You are subscribed.";
        var spanish = new KeywordSet
        {
            Language = "es",
            OptOutKeywords = { "Baja", "ALTO" },
            OptInKeywords = { "ALTA" },
            HelpKeywords = { "AYUDA" },
            OptOutConfirmation = SpanishOptOut,
            HelpResponse = "Responde BAJA para salir.",
        };
        draft.KeywordSets.Add(spanish);
        draft.CustomKeywords.Add(new CustomKeyword { Keyword = "Horario", Match = KeywordMatch.WholeMessage, ReplyText = "Abrimos de 9 a 18.", Language = "es" });
        draft.CustomKeywords.Add(new CustomKeyword
        {
            Keyword = "PRECIOS", Match = KeywordMatch.FirstWord, ReplyText = "Te enviamos los precios.", Language = "es", RouteTo = Handler.JourneyBuilder,
        });
        return draft;
    }

    private async Task<MessagingChannel> CreateAsync(params DeploymentType[] activeUsages)
    {
        var channel = await api.Channels.CreateChannelAsync(Draft(), Calls.Options);
        foreach (var type in activeUsages)
        {
            await api.CreateUsageAsync(channel.Id, type, u =>
            {
                u.DeploymentStatus = DeploymentStatus.Active;
                if (type == DeploymentType.Mj)
                {
                    u.RoutingOverride = RoutingOverride.MjKeywordsOnly;
                }
            });
        }

        return channel;
    }
}
