using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;

namespace MessagingChannelUsage.Gateway.Tests.Admin;

public abstract class ChannelServiceTests(GatewayFixture fixture)
{
    private readonly AdminApi api = new(fixture.Host);

    [Fact]
    public async Task CreateChannel_WithoutConsentKeywords_GetsDefaultOptOutAndHelpKeywords()
    {
        var created = await api.CreateChannelAsync();

        Assert.Equal(18, created.Id.Length);
        Assert.StartsWith("0Mj", created.Id, StringComparison.Ordinal);
        Assert.Equal(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPT OUT"], created.OptOutKeywords);
        Assert.Equal(["HELP"], created.HelpKeywords);
        Assert.NotNull(created.SystemModstamp);
    }

    [Fact]
    public async Task CreateChannel_KeepsKeywordsAsGiven()
    {
        var draft = AdminApi.ChannelDraft();
        draft.OptOutKeywords.Add("Arrête!");
        draft.MarketingKeywords.Add("join");

        var created = await api.Channels.CreateChannelAsync(draft, Calls.Options);

        Assert.Equal(["Arrête!"], created.OptOutKeywords);
        Assert.Equal(["join"], created.MarketingKeywords);
    }

    [Fact]
    public async Task CreateChannel_WithAGivenId_KeepsIt_AndATakenDeveloperNameIsDuplicateValue()
    {
        var draft = AdminApi.ChannelDraft();
        draft.Id = SalesforceId.NewId("0Mj")[..15];
        var created = await api.Channels.CreateChannelAsync(draft, Calls.Options);
        var again = AdminApi.ChannelDraft();
        again.DeveloperName = draft.DeveloperName;

        var failure = await AdminApi.FailsAsync(() => api.Channels.CreateChannelAsync(again, Calls.Options));

        Assert.Equal(SalesforceId.To18(draft.Id), created.Id);
        failure.Is(StatusCode.AlreadyExists, "DUPLICATE_VALUE", "DeveloperName");
    }

    [Fact]
    public async Task GetChannel_By15CharacterId_ReturnsThe18CharacterRecord()
    {
        var created = await api.CreateChannelAsync();

        var read = await api.Channels.GetChannelAsync(new GetChannelRequest { Id = created.Id[..15] }, Calls.Options);

        Assert.Equal(created, read);
    }

    [Theory]
    [InlineData("bad suffix")]
    [InlineData("14 chars")]
    [InlineData("bad characters")]
    public async Task GetChannel_MalformedId_IsInvalidIdFieldOnId(string kind)
    {
        var created = await api.CreateChannelAsync();
        var id = kind switch
        {
            "bad suffix" => created.Id[..15] + (created.Id[15..] == "ZZZ" ? "AAA" : "ZZZ"),
            "14 chars" => created.Id[..14],
            _ => created.Id[..10] + "-_!#$",
        };

        var failure = await AdminApi.FailsAsync(() => api.Channels.GetChannelAsync(new GetChannelRequest { Id = id }, Calls.Options));

        failure.Is(StatusCode.InvalidArgument, "INVALID_ID_FIELD", "id");
    }

    [Fact]
    public async Task GetChannel_UnknownId_IsNotFound()
    {
        var failure = await AdminApi.FailsAsync(() => api.Channels.GetChannelAsync(
            new GetChannelRequest { Id = SalesforceId.NewId("0Mj") }, Calls.Options));

        failure.Is(StatusCode.NotFound, "NOT_FOUND", "id");
    }

    [Fact]
    public async Task UpdateChannel_ReplacesListsAndTexts_AndBumpsSystemModstamp()
    {
        var created = await api.CreateChannelAsync();
        var change = created.Clone();
        change.MarketingKeywords.Add("JOIN");
        change.OptInKeywords.Add("START");
        change.OptInPrompt = "Reply START to get offers.";
        change.HelpKeywords.Clear();
        change.HelpKeywords.Add("INFO");

        var updated = await api.Channels.UpdateChannelAsync(change, Calls.Options);
        var read = await api.Channels.GetChannelAsync(new GetChannelRequest { Id = created.Id }, Calls.Options);

        Assert.Equal(updated, read);
        Assert.Equal(["JOIN"], read.MarketingKeywords);
        Assert.Equal(["INFO"], read.HelpKeywords);
        Assert.Equal("Reply START to get offers.", read.OptInPrompt);
        Assert.True(read.SystemModstamp.ToDateTimeOffset() > created.SystemModstamp.ToDateTimeOffset());
        Assert.Equal(created.CreatedDate, read.CreatedDate);
    }

    [Fact]
    public async Task UpdateChannel_NewKeywordAsGiven_IsMatchedNormalisedByRouting()
    {
        var created = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(created.Id, DeploymentType.Conversation);
        await api.Deployments.ActivateAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options);
        var change = (await api.Channels.GetChannelAsync(new GetChannelRequest { Id = created.Id }, Calls.Options)).Clone();
        change.OptOutKeywords.Add("  Basta  ya!");

        var updated = await api.Channels.UpdateChannelAsync(change, Calls.Options);
        var decision = await api.Router.InboundAsync(created.Id, "+15550004444", "basta YA");

        Assert.Contains("  Basta  ya!", updated.OptOutKeywords);
        Assert.Equal(RoutingReason.OptOutKeyword, decision.Reason);
        Assert.Equal(ConsentStatus.OptedOut, decision.ConsentStatus);
    }

    [Fact]
    public async Task UpdateChannel_FromAStaleRead_IsAborted_AndKeepsTheNewerChange()
    {
        var created = await api.CreateChannelAsync();
        var first = created.Clone();
        first.MasterLabel = "first writer";
        var afterFirst = await api.Channels.UpdateChannelAsync(first, Calls.Options);
        var second = created.Clone();
        second.MasterLabel = "second writer, read before the first wrote";

        var failure = await AdminApi.FailsAsync(() => api.Channels.UpdateChannelAsync(second, Calls.Options));

        failure.Is(StatusCode.Aborted, "ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE", "SystemModstamp");
        Assert.Equal(afterFirst, await api.Channels.GetChannelAsync(new GetChannelRequest { Id = created.Id }, Calls.Options));
    }

    [Fact]
    public async Task UpdateChannel_KeywordInTwoLists_IsDuplicateValue_AndChangesNothing()
    {
        var created = await api.CreateChannelAsync();
        var change = created.Clone();
        change.MarketingKeywords.Add("stop");
        change.MasterLabel = "changed";

        var failure = await AdminApi.FailsAsync(() => api.Channels.UpdateChannelAsync(change, Calls.Options));

        failure.Is(StatusCode.AlreadyExists, "DUPLICATE_VALUE", "MarketingKeywords");
        Assert.Equal(created, await api.Channels.GetChannelAsync(new GetChannelRequest { Id = created.Id }, Calls.Options));
    }

    [Fact]
    public async Task UpdateChannel_ChangingChannelKind_IsFieldIntegrityException()
    {
        var created = await api.CreateChannelAsync(ChannelKind.Unified, MessageType.Whatsapp);
        var change = created.Clone();
        change.Kind = ChannelKind.Enhanced;

        var failure = await AdminApi.FailsAsync(() => api.Channels.UpdateChannelAsync(change, Calls.Options));

        failure.Is(StatusCode.InvalidArgument, "FIELD_INTEGRITY_EXCEPTION", "ChannelKind");
    }

    [Fact]
    public async Task UpdateChannel_OversizeText_IsStringTooLong_AndChangesNothing()
    {
        var created = await api.CreateChannelAsync();
        var change = created.Clone();
        change.OptInPrompt = new string('x', 5000);
        change.MasterLabel = "changed";

        var failure = await AdminApi.FailsAsync(() => api.Channels.UpdateChannelAsync(change, Calls.Options));

        failure.Is(StatusCode.ResourceExhausted, "STRING_TOO_LONG", "OptInPrompt");
        Assert.Equal(created, await api.Channels.GetChannelAsync(new GetChannelRequest { Id = created.Id }, Calls.Options));
    }

    [Fact]
    public async Task CreateChannel_UnknownEnumNumbersAndMissingName_ReportsEveryViolation()
    {
        var draft = AdminApi.ChannelDraft();
        draft.Kind = (ChannelKind)42;
        draft.MessageType = (MessageType)77;
        draft.DeveloperName = string.Empty;

        var failure = await AdminApi.FailsAsync(() => api.Channels.CreateChannelAsync(draft, Calls.Options));

        Assert.Equal(StatusCode.InvalidArgument, failure.Code);
        failure.HasViolation("ChannelKind", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST")
            .HasViolation("MessageType", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST")
            .HasViolation("DeveloperName", "REQUIRED_FIELD_MISSING");
    }

    [Fact]
    public async Task ListChannels_PagesThroughEveryChannel()
    {
        var mine = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            mine.Add((await api.CreateChannelAsync()).Id);
        }

        var seen = new List<string>();
        var token = string.Empty;
        do
        {
            var page = await api.Channels.ListChannelsAsync(new ListChannelsRequest { PageSize = 2, PageToken = token }, Calls.Options);
            Assert.True(page.Channels.Count <= 2);
            seen.AddRange(page.Channels.Select(c => c.Id));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Subset(seen.ToHashSet(), mine);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }
}
