using System.CommandLine;
using MessagingChannelUsage.Client;
using MessagingChannelUsage.Client.Connection;
using MessagingChannelUsage.Gateway.Telemetry;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using Microsoft.Extensions.DependencyInjection;

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
        Assert.Contains("deployment_status: DEPLOYMENT_STATUS_ACTIVE", activated, StringComparison.Ordinal);
        Assert.True(exit == 0, error);
        Assert.Contains("handler: HANDLER_OMNI_CHANNEL", output, StringComparison.Ordinal);
        Assert.Contains("reason: ROUTING_REASON_SERVICE_ONLY", output, StringComparison.Ordinal);
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
        Assert.Contains("routing_override: ROUTING_OVERRIDE_MJ_KEYWORDS_ONLY", updated, StringComparison.Ordinal);
        Assert.Contains("consent_type: CONSENT_TYPE_DOUBLE_OPT_IN", updated, StringComparison.Ordinal);
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
        Assert.Contains("consent_status: CONSENT_STATUS_IMPLICITLY_OPTED_IN", endUser, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedCall_PrintsStatusReasonAndFieldViolations_AndExitsNonZero()
    {
        var (exit, _, error) = await RunAsync("usage", "get", "0Mu00000000");

        Assert.Equal(CliApp.RpcFailed, exit);
        Assert.StartsWith("error: InvalidArgument INVALID_ID_FIELD: ", error, StringComparison.Ordinal);
        Assert.Contains("ids[0]", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageQuery_MalformedSoql_PrintsMalformedQuery()
    {
        var (exit, _, error) = await RunAsync("usage", "query", "SELECT FROM MessagingChannelUsage");

        Assert.Equal(CliApp.RpcFailed, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("error: InvalidArgument MALFORMED_QUERY: ", lines[0], StringComparison.Ordinal);
        Assert.Contains("at position 8", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length); // the message once, then the query and a caret under position 8
        Assert.Equal("  SELECT FROM MessagingChannelUsage", lines[1]);
        Assert.Equal("         ^", lines[2]);
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
        Assert.Contains("handler: HANDLER_NONE", output, StringComparison.Ordinal);
        Assert.Contains("reason: ROUTING_REASON_OPT_OUT_KEYWORD", output, StringComparison.Ordinal);
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

    [Fact]
    public async Task RouteInbound_WithAChannelIdWhoseChecksumIsWrong_SaysTheChecksumIsWrong()
    {
        var channel = await api.CreateChannelAsync();
        var wrongChecksum = channel.Id[..15] + (channel.Id[15] == 'A' ? "BAA" : "AAA");

        var (exit, _, error) = await RunAsync("route", "inbound", "--channel", wrongChecksum, "--from", "+15550004444", "--text", "hi");

        Assert.Equal(CliApp.RpcFailed, exit);
        Assert.Contains("INVALID_ID_FIELD", error, StringComparison.Ordinal);
        Assert.Contains("wrong checksum", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionList_OfAChannelWithoutSessions_SaysNone()
    {
        var channel = await api.CreateChannelAsync();

        var (exit, output, error) = await RunAsync("session", "list", "--channel", channel.Id);

        Assert.True(exit == 0, error);
        Assert.Equal("sessions: (none)", output.Trim());
    }

    [Fact]
    public async Task TextAndJson_NameEnumValuesTheSameWay()
    {
        var channel = await api.CreateChannelAsync();
        var usage = await api.CreateUsageAsync(channel.Id, DeploymentType.Conversation);
        await api.Deployments.ActivateAsync(new DeploymentRequest { UsageId = usage.Id }, Calls.Options);

        var (_, text, _) = await RunAsync("route", "inbound", "--channel", channel.Id, "--from", "+15550005555", "--text", "hi");
        var (_, json, _) = await RunAsync("route", "inbound", "--channel", channel.Id, "--from", "+15550005555", "--text", "hi", "--json");

        Assert.Contains("handler: HANDLER_OMNI_CHANNEL", text, StringComparison.Ordinal);
        Assert.Contains("\"handler\": \"HANDLER_OMNI_CHANNEL\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAddressWithoutScheme_IsTakenAsHttp()
    {
        var address = $"127.0.0.1:{fixture.Host.Address.Port}";

        var (exit, output, error) = await RunWithAddressAsync(address, "usage", "describe");

        Assert.True(exit == 0, error);
        Assert.Contains("name: MessagingChannelUsage", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAddress_ComesFromMcuAddress_WhenNoOptionGivesIt()
    {
        var before = Environment.GetEnvironmentVariable(GatewayAddress.EnvironmentVariable);
        Environment.SetEnvironmentVariable(GatewayAddress.EnvironmentVariable, $"127.0.0.1:{fixture.Host.Address.Port}");
        try
        {
            var (exit, output, error) = await RunWithAddressAsync(address: null, "usage", "describe");

            Assert.True(exit == 0, error);
            Assert.Contains("name: MessagingChannelUsage", output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(GatewayAddress.EnvironmentVariable, before);
        }
    }

    [Fact]
    public async Task APortNobodyListensOn_NamesTheAddressAndHowToPointMcuElsewhere()
    {
        var port = MessagingChannelUsage.TestSupport.RedisServer.FreePort();

        var (exit, _, error) = await RunWithAddressAsync($"127.0.0.1:{port}", "usage", "describe");

        Assert.Equal(CliApp.RpcFailed, exit);
        Assert.StartsWith($"error: cannot connect to the gateway at 127.0.0.1:{port} (connection refused).", error, StringComparison.Ordinal);
        Assert.Contains("hint:", error, StringComparison.Ordinal);
        Assert.Contains(GatewayAddress.EnvironmentVariable, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMetricsPort_IsRecognisedAsNotGrpc()
    {
        var metrics = fixture.Host.Services.GetRequiredService<MetricsEndpoint>();

        var (exit, _, error) = await RunWithAddressAsync($"127.0.0.1:{metrics.Port}", "usage", "describe");

        Assert.Equal(CliApp.RpcFailed, exit);
        Assert.StartsWith($"error: 127.0.0.1:{metrics.Port} speaks HTTP/1.1, not gRPC", error, StringComparison.Ordinal);
        Assert.Contains("hint: point --address", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAddressThatIsNoAddress_IsACommandLineError()
    {
        var (exit, _, error) = await RunWithAddressAsync("http://[::1", "usage", "describe");

        Assert.Equal(1, exit);
        Assert.StartsWith("error: --address: 'http://[::1' is not an address", error, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCommandOptionAndArgument_HasADescription()
    {
        var missing = new List<string>();
        void Visit(Command command, string path)
        {
            missing.AddRange(command.Options.Where(o => string.IsNullOrWhiteSpace(o.Description)).Select(o => $"{path} {o.Name}"));
            missing.AddRange(command.Arguments.Where(a => string.IsNullOrWhiteSpace(a.Description)).Select(a => $"{path} <{a.Name}>"));
            if (string.IsNullOrWhiteSpace(command.Description))
            {
                missing.Add(path);
            }

            foreach (var sub in command.Subcommands)
            {
                Visit(sub, $"{path} {sub.Name}");
            }
        }

        Visit(CliApp.BuildRootCommand(), "mcu");

        Assert.Empty(missing);
    }

    [Fact]
    public async Task ABadEnumValue_ListsTheValuesInTheSpellingTheHelpAndOutputUse()
    {
        var (exit, _, error) = await RunAsync("channel", "create", "--developer-name", "X", "--label", "X", "--kind", "enhanced", "--type", "apple");
        var help = new StringWriter();
        await CliApp.BuildRootCommand().Parse(["channel", "create", "--help"]).InvokeAsync(new InvocationConfiguration { Output = help });

        Assert.Equal(1, exit);
        Assert.Contains("MESSAGE_TYPE_APPLE_BUSINESS_CHAT", error, StringComparison.Ordinal);
        Assert.Contains("MESSAGE_TYPE_APPLE_BUSINESS_CHAT", help.ToString(), StringComparison.Ordinal);
    }

    private Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
        => RunWithAddressAsync(fixture.Host.Address.ToString(), args);

    private static async Task<(int Exit, string Output, string Error)> RunWithAddressAsync(string? address, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] addressOption = address is null ? [] : ["--address", address];
        var parse = CliApp.BuildRootCommand().Parse([.. args, .. addressOption, "--timeout", "30"]);
        var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).WaitAsync(Calls.Timeout);
        return (exit, output.ToString(), error.ToString());
    }
}
