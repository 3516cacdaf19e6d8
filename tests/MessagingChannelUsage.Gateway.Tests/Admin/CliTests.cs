using System.CommandLine;
using MessagingChannelUsage.Client;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Tests.Admin;

/// <summary>The mcu command handlers, run in process against the real gateway.</summary>
[Collection(SharedGateway.Name)]
public sealed class CliTests(GatewayFixture fixture)
{
    private readonly AdminApi api = new(fixture.Host);

    [Fact]
    public async Task UsageDescribe_PrintsTheFieldsWithTheirProperties()
    {
        var (exit, output, error) = await RunAsync("usage", "describe");

        Assert.True(exit == 0, error);
        Assert.Contains("name: MessagingChannelUsage", output, StringComparison.Ordinal);
        Assert.Contains("name: DeploymentType", output, StringComparison.Ordinal);
        Assert.Contains("type: picklist", output, StringComparison.Ordinal);
        Assert.Contains("reference_to: MessagingChannel", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouteInbound_OnAnActiveServiceChannel_PrintsTheOmniChannelDecision()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        var (activateExit, activated, activateError) = await RunAsync("activate", usage.Id);

        var (exit, output, error) = await RunAsync("route", "inbound", "--channel", channel.Id, "--from", "+15550002222", "--text", "Where is my parcel?");

        Assert.True(activateExit == 0, activateError);
        Assert.Contains("deployment_status: ACTIVE", activated, StringComparison.Ordinal);
        Assert.True(exit == 0, error);
        Assert.Contains("handler: OMNI_CHANNEL", output, StringComparison.Ordinal);
        Assert.Contains("reason: SERVICE_ONLY", output, StringComparison.Ordinal);
        Assert.Contains($"usage_id: {usage.Id}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageCreate_WithJson_PrintsTheRecordAsProtobufJson()
    {
        var channel = await api.CreateChannelAsync();

        var (exit, output, error) = await RunAsync("usage", "create", "--channel", channel.Id, "--type", "mj", "--routing-override", "NonSessionMessages", "--json");

        Assert.True(exit == 0, error);
        Assert.Contains("\"deploymentType\": \"DEPLOYMENT_TYPE_MJ\"", output, StringComparison.Ordinal);
        Assert.Contains("\"routingOverride\": \"ROUTING_OVERRIDE_NON_SESSION_MESSAGES\"", output, StringComparison.Ordinal);
        Assert.Single(await api.UsagesOfChannelAsync(channel.Id));
    }

    [Fact]
    public async Task ChannelCreateGetAndUsageUpdate_RoundTripThroughTheGateway()
    {
        var name = AdminApi.UniqueDeveloperName();
        var (createExit, created, createError) = await RunAsync(
            "channel", "create", "--developer-name", name, "--label", "From the CLI", "--kind", "unified", "--type", "whatsapp",
            "--fallback-queue", AdminApi.NewQueueId(), "--marketing-keyword", "JOIN", "--marketing-keyword", "DEALS",
            "--opt-out-confirmation", "Bye", "--json");
        Assert.True(createExit == 0, createError);
        var channel = Google.Protobuf.JsonParser.Default.Parse<MessagingChannel>(created);
        Assert.Equal(name, channel.DeveloperName);
        Assert.Equal(["JOIN", "DEALS"], channel.MarketingKeywords);

        var (getExit, got, _) = await RunAsync("channel", "get", channel.Id[..15]);
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Mj);
        var (updateExit, updated, updateError) = await RunAsync("usage", "update", usage.Id, "--routing-override", "MJKeywordsOnly", "--consent", "double-opt-in");
        var (clearExit, _, clearError) = await RunAsync("usage", "update", usage.Id, "--consent", "null");

        Assert.Equal(0, getExit);
        Assert.Contains($"developer_name: {name}", got, StringComparison.Ordinal);
        Assert.Contains("marketing_keywords: JOIN, DEALS", got, StringComparison.Ordinal);
        Assert.True(updateExit == 0, updateError);
        Assert.Contains("routing_override: MJ_KEYWORDS_ONLY", updated, StringComparison.Ordinal);
        Assert.Contains("consent_type: DOUBLE_OPT_IN", updated, StringComparison.Ordinal);
        Assert.True(clearExit == 0, clearError);
        var final = await api.RetrieveAsync(usage.Id);
        Assert.Equal(ConsentType.Unspecified, final!.ConsentType);
        Assert.Equal(RoutingOverride.MjKeywordsOnly, final.RoutingOverride);
    }

    [Fact]
    public async Task SessionListAndEndUserGet_ShowWhatRoutingOpened()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        await api.Deployments.ActivateAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options);
        var decision = await api.Router.InboundAsync(channel.Id, "+15550003333", "hello");

        var (listExit, sessions, listError) = await RunAsync("session", "list", "--channel", channel.Id);
        var (userExit, endUser, userError) = await RunAsync("enduser", "get", "--channel", channel.Id, "--key", "+15550003333");

        Assert.True(listExit == 0, listError);
        Assert.Contains($"id: {decision.SessionId}", sessions, StringComparison.Ordinal);
        Assert.True(userExit == 0, userError);
        Assert.Contains($"open_session_id: {decision.SessionId}", endUser, StringComparison.Ordinal);
        Assert.Contains("consent_status: IMPLICITLY_OPTED_IN", endUser, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedCall_PrintsStatusReasonAndFieldViolations_AndExitsNonZero()
    {
        var (exit, _, error) = await RunAsync("usage", "get", "0Mu00000000");

        Assert.Equal(CliApp.RpcFailed, exit);
        Assert.Contains("error: InvalidArgument", error, StringComparison.Ordinal);
        Assert.Contains("reason: INVALID_ID_FIELD", error, StringComparison.Ordinal);
        Assert.Contains("field ids[0]:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageQuery_MalformedSoql_PrintsMalformedQuery()
    {
        var (exit, _, error) = await RunAsync("usage", "query", "SELECT FROM MessagingChannelUsage");

        Assert.Equal(CliApp.RpcFailed, exit);
        Assert.Contains("reason: MALFORMED_QUERY", error, StringComparison.Ordinal);
        Assert.Contains("position", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelCreateWithKeywordSetAndCustomKeyword_ThenRouteBaja_AnswersInSpanish()
    {
        var (createExit, created, createError) = await RunAsync(
            "channel", "create", "--developer-name", AdminApi.UniqueDeveloperName(), "--label", "Spanish", "--kind", "unified", "--type", "whatsapp",
            "--fallback-queue", AdminApi.NewQueueId(), "--opt-out-confirmation", "Bye",
            "--keyword-set", "es:optout=BAJA, ALTO", "--keyword-set", "es:opt-out-confirmation=Te has dado de baja.",
            "--custom-keyword", "PRECIOS/first-word/journey-builder@es=Te enviamos los precios.", "--json");
        Assert.True(createExit == 0, createError);
        var channel = Google.Protobuf.JsonParser.Default.Parse<MessagingChannel>(created);
        var set = Assert.Single(channel.KeywordSets);
        Assert.Equal("es", set.Language);
        Assert.Equal(["BAJA", "ALTO"], set.OptOutKeywords);
        var custom = Assert.Single(channel.CustomKeywords);
        Assert.Equal(("PRECIOS", KeywordMatch.FirstWord, Handler.JourneyBuilder, "es"), (custom.Keyword, custom.Match, custom.RouteTo, custom.Language));
        await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation, u => u.DeploymentStatus = DeploymentStatus.Active);

        var (exit, output, error) = await RunAsync("route", "inbound", "--channel", channel.Id, "--from", "+15550003333", "--text", "baja");

        Assert.True(exit == 0, error);
        Assert.Contains("handler: NONE", output, StringComparison.Ordinal);
        Assert.Contains("reason: OPT_OUT_KEYWORD", output, StringComparison.Ordinal);
        Assert.Contains("reply_text: Te has dado de baja.", output, StringComparison.Ordinal);
        Assert.Contains("language: es", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelUpdateWithAYamlKeywordsFile_ReplacesTheSetsAndCustomKeywords()
    {
        var channel = await api.CreateChannelAsync();
        var file = Path.Combine(Path.GetTempPath(), $"mcu-keywords-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, """
            keyword_sets:
              - language: pt-BR
                opt_out_keywords: [SAIR, PARAR]
                opt_out_confirmation: Você saiu.
            custom_keywords:
              - { keyword: HORARIO, match: KEYWORD_MATCH_WHOLE_MESSAGE, reply_text: "Abrimos às 9h.", language: pt-BR }
            """);
        try
        {
            var (exit, output, error) = await RunAsync("channel", "update", channel.Id, "--keywords-file", file, "--keyword-set", "pt-BR:help=AJUDA", "--json");
            var (badExit, _, badError) = await RunAsync("channel", "update", channel.Id, "--keyword-set", "pt-BR:nonsense=X");

            Assert.True(exit == 0, error);
            var updated = Google.Protobuf.JsonParser.Default.Parse<MessagingChannel>(output);
            var set = Assert.Single(updated.KeywordSets);
            Assert.Equal("pt-BR", set.Language);
            Assert.Equal(["SAIR", "PARAR"], set.OptOutKeywords);
            Assert.Equal(["AJUDA"], set.HelpKeywords);
            Assert.Equal("Você saiu.", set.OptOutConfirmation);
            Assert.Equal(("HORARIO", "Abrimos às 9h."), (updated.CustomKeywords.Single().Keyword, updated.CustomKeywords.Single().ReplyText));
            Assert.NotEqual(0, badExit);
            Assert.Contains("nonsense", badError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var parse = CliApp.BuildRootCommand().Parse([.. args, "--address", fixture.Host.Address.ToString(), "--timeout", "30"]);
        var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).WaitAsync(Calls.Timeout);
        return (exit, output.ToString(), error.ToString());
    }
}
