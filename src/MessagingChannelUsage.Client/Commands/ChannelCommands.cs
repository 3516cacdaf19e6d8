using System.CommandLine;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Client.Commands;

/// <summary><c>mcu channel create|get|update|list</c>.</summary>
internal static class ChannelCommands
{
    public static Command Build(GlobalOptions globals)
    {
        var channel = new Command("channel", "Messaging channels.");
        channel.Add(Create(globals));
        channel.Add(Get(globals));
        channel.Add(Update(globals));
        channel.Add(List(globals));
        return channel;
    }

    private static Command Create(GlobalOptions globals)
    {
        var developerName = new Option<string>("--developer-name") { Required = true, Description = "Unique API name." };
        var label = new Option<string>("--label") { Required = true, Description = "Master label." };
        var kind = new Option<string>("--kind") { Required = true, Description = $"ChannelKind: {EnumArgument.List<ChannelKind>()}." };
        var type = new Option<string>("--type") { Required = true, Description = $"MessageType: {EnumArgument.List<MessageType>()}." };
        var fallbackQueue = new Option<string?>("--fallback-queue") { Description = "Fallback queue id (needed to connect Service Cloud)." };
        var optIn = KeywordOption("--opt-in-keyword", "Opt-in");
        var doubleOptIn = KeywordOption("--double-opt-in-keyword", "Double opt-in");
        var optOut = KeywordOption("--opt-out-keyword", "Opt-out");
        var help = KeywordOption("--help-keyword", "Help");
        var marketing = KeywordOption("--marketing-keyword", "Marketing (MJ)");
        var optInPrompt = new Option<string?>("--opt-in-prompt") { Description = "Text sent to ask an ExplicitOptIn customer for consent." };
        var doubleOptInPrompt = new Option<string?>("--double-opt-in-prompt") { Description = "Text sent to ask a DoubleOptIn customer to confirm." };
        var optInConfirmation = new Option<string?>("--opt-in-confirmation") { Description = "Text sent when a customer opts in." };
        var optOutConfirmation = new Option<string?>("--opt-out-confirmation") { Description = "Text sent when a customer opts out." };
        var helpResponse = new Option<string?>("--help-response") { Description = "Text sent for a help keyword." };
        var keywordOptions = new KeywordOptions();
        var command = new Command("create", "Create a channel (absent opt-out/help keywords get the defaults).")
        {
            developerName, label, kind, type, fallbackQueue, optIn, doubleOptIn, optOut, help, marketing,
            optInPrompt, doubleOptInPrompt, optInConfirmation, optOutConfirmation, helpResponse,
        };
        keywordOptions.AddTo(command);
        CommandRunner.SetAction(command, globals, async (runner, ct) =>
        {
            var p = runner.ParseResult;
            var request = new MessagingChannel
            {
                DeveloperName = p.GetRequiredValue(developerName),
                MasterLabel = p.GetRequiredValue(label),
                Kind = EnumArgument.Parse<ChannelKind>(p.GetRequiredValue(kind), "--kind"),
                MessageType = EnumArgument.Parse<MessageType>(p.GetRequiredValue(type), "--type"),
                FallbackQueueId = p.GetValue(fallbackQueue) ?? string.Empty,
                OptInPrompt = p.GetValue(optInPrompt) ?? string.Empty,
                DoubleOptInPrompt = p.GetValue(doubleOptInPrompt) ?? string.Empty,
                OptInConfirmation = p.GetValue(optInConfirmation) ?? string.Empty,
                OptOutConfirmation = p.GetValue(optOutConfirmation) ?? string.Empty,
                HelpResponse = p.GetValue(helpResponse) ?? string.Empty,
            };
            request.OptInKeywords.AddRange(p.GetValue(optIn) ?? []);
            request.DoubleOptInKeywords.AddRange(p.GetValue(doubleOptIn) ?? []);
            request.OptOutKeywords.AddRange(p.GetValue(optOut) ?? []);
            request.HelpKeywords.AddRange(p.GetValue(help) ?? []);
            request.MarketingKeywords.AddRange(p.GetValue(marketing) ?? []);
            keywordOptions.ApplyTo(request, p);
            var client = new MessagingChannelService.MessagingChannelServiceClient(runner.Channel);
            await runner.PrintAsync(await client.CreateChannelAsync(request, runner.Options(ct)));
            return 0;
        });
        return command;
    }

    private static Command Get(GlobalOptions globals)
    {
        var id = new Argument<string>("id") { Description = "Channel id (15 or 18 characters)." };
        var command = new Command("get", "Show one channel.") { id };
        CommandRunner.SetAction(command, globals, async (runner, ct) =>
        {
            var client = new MessagingChannelService.MessagingChannelServiceClient(runner.Channel);
            var channel = await client.GetChannelAsync(new GetChannelRequest { Id = runner.ParseResult.GetRequiredValue(id) }, runner.Options(ct));
            await runner.PrintAsync(channel);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Reads the channel, changes what the options say, and sends it back with the stamp it was
    /// read with (the gateway refuses it if the channel changed in between).
    /// </summary>
    private static Command Update(GlobalOptions globals)
    {
        var id = new Argument<string>("id") { Description = "Channel id (15 or 18 characters)." };
        var label = new Option<string?>("--label") { Description = "Master label." };
        var clearSets = new Option<bool>("--clear-keyword-sets") { Description = "Remove every keyword set first." };
        var clearCustom = new Option<bool>("--clear-custom-keywords") { Description = "Remove every custom keyword first." };
        var keywordOptions = new KeywordOptions();
        var command = new Command("update", "Change a channel's label, keyword sets and custom keywords.") { id, label, clearSets, clearCustom };
        keywordOptions.AddTo(command);
        CommandRunner.SetAction(command, globals, async (runner, ct) =>
        {
            var p = runner.ParseResult;
            var client = new MessagingChannelService.MessagingChannelServiceClient(runner.Channel);
            var channel = await client.GetChannelAsync(new GetChannelRequest { Id = p.GetRequiredValue(id) }, runner.Options(ct));
            if (p.GetValue(label) is { } newLabel)
            {
                channel.MasterLabel = newLabel;
            }

            if (p.GetValue(clearSets))
            {
                channel.KeywordSets.Clear();
            }

            if (p.GetValue(clearCustom))
            {
                channel.CustomKeywords.Clear();
            }

            keywordOptions.ApplyTo(channel, p);
            await runner.PrintAsync(await client.UpdateChannelAsync(channel, runner.Options(ct)));
            return 0;
        });
        return command;
    }

    private static Command List(GlobalOptions globals)
    {
        var pageSize = new Option<int>("--page-size") { DefaultValueFactory = _ => 100, Description = "Channels per page." };
        var pageToken = new Option<string?>("--page-token") { Description = "next_page_token of the previous page." };
        var command = new Command("list", "List channels, one page.") { pageSize, pageToken };
        CommandRunner.SetAction(command, globals, async (runner, ct) =>
        {
            var client = new MessagingChannelService.MessagingChannelServiceClient(runner.Channel);
            var request = new ListChannelsRequest
            {
                PageSize = runner.ParseResult.GetValue(pageSize),
                PageToken = runner.ParseResult.GetValue(pageToken) ?? string.Empty,
            };
            await runner.PrintAsync(await client.ListChannelsAsync(request, runner.Options(ct)));
            return 0;
        });
        return command;
    }

    private static Option<string[]> KeywordOption(string name, string kind) => new(name)
    {
        Description = $"{kind} keyword; repeat the option for several.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The keyword-set and custom-keyword options shared by create and update (<see cref="KeywordArguments"/>).</summary>
    private sealed class KeywordOptions
    {
        private readonly Option<string?> file = new("--keywords-file")
        {
            Description = "A .json or .yaml file with keyword_sets and custom_keywords (replaces the channel's; applied before the options below).",
        };

        private readonly Option<string[]> sets = new("--keyword-set")
        {
            Description = "LANG:FIELD=VALUE, e.g. es:optout=BAJA,ALTO or \"es:opt-out-confirmation=Te has dado de baja.\"; repeat for several.",
            AllowMultipleArgumentsPerToken = false,
        };

        private readonly Option<string[]> customs = new("--custom-keyword")
        {
            Description = "KEYWORD[/whole-message|first-word][/none|omni-channel|journey-builder][@LANG]=REPLY; repeat for several.",
            AllowMultipleArgumentsPerToken = false,
        };

        public void AddTo(Command command)
        {
            command.Add(file);
            command.Add(sets);
            command.Add(customs);
        }

        public void ApplyTo(MessagingChannel channel, ParseResult parsed)
        {
            if (parsed.GetValue(file) is { } path)
            {
                KeywordsFile.Apply(channel, path);
            }

            foreach (var set in parsed.GetValue(sets) ?? [])
            {
                KeywordArguments.ApplyKeywordSet(channel, set);
            }

            foreach (var custom in parsed.GetValue(customs) ?? [])
            {
                KeywordArguments.ApplyCustomKeyword(channel, custom);
            }
        }
    }
}
