using System.CommandLine;
using System.Globalization;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Client.Commands;

/// <summary>
/// <c>mcu simulate --channel … --deactivate MJ --messages file.txt</c>: what would happen to this
/// traffic under a proposed configuration (MessageRouter.Simulate; nothing is written). Prints the
/// counts side by side and the decisions that change.
/// </summary>
/// <remarks>
/// The messages file has one message per line: <c>platformKey|text</c> (inbound) or
/// <c>platformKey|text|omni</c> / <c>platformKey|text|journey</c> (outbound from that sender);
/// empty lines and lines starting with # are skipped.
/// </remarks>
internal static class SimulateCommand
{
    private const int ChangedShown = 50;

    public static Command Build(GlobalOptions globals)
    {
        var channel = new Option<string>("--channel") { Description = "Channel id.", Required = true };
        var deactivate = new Option<string[]>("--deactivate")
        {
            Description = "Propose this usage Disabled: Conversation, MessagingEngagement or MJ (repeatable).",
            AllowMultipleArgumentsPerToken = true,
        };
        var messages = new Option<FileInfo>("--messages") { Description = "File of messages (platformKey|text[|omni|journey] per line).", Required = true };
        var command = new Command("simulate", "Route a file of messages under the current and a proposed configuration; writes nothing.")
        {
            channel, deactivate, messages,
        };
        CommandRunner.SetAction(command, globals, async (runner, ct) =>
        {
            var request = new SimulateRequest { ChannelId = runner.ParseResult.GetRequiredValue(channel) };
            foreach (var type in runner.ParseResult.GetValue(deactivate) ?? [])
            {
                request.ProposedUsages.Add(new Protos.V1.MessagingChannelUsage { DeploymentType = ParseType(type), DeploymentStatus = DeploymentStatus.Disabled });
            }

            var file = runner.ParseResult.GetRequiredValue(messages);
            var lines = await File.ReadAllLinesAsync(file.FullName, ct);
            request.Messages.AddRange(lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(ParseLine));
            var client = new MessageRouter.MessageRouterClient(runner.Channel);
            var response = await client.SimulateAsync(request, runner.Options(ct));
            await runner.Output.WriteAsync(Render(request, response));
            return 0;
        });
        return command;
    }

    /// <summary>The side-by-side counts and the changed decisions, as printed.</summary>
    public static string Render(SimulateRequest request, SimulateResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var current = response.CurrentCounts.ToDictionary(c => (c.Handler, c.Reason), c => c.Count);
        var proposed = response.ProposedCounts.ToDictionary(c => (c.Handler, c.Reason), c => c.Count);
        var rows = current.Keys.Union(proposed.Keys).OrderBy(k => k.Handler).ThenBy(k => k.Reason).ToList();
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"handler",-16} {"reason",-28} {"current",9} {"proposed",9} {"change",8}");
        foreach (var row in rows)
        {
            var before = current.GetValueOrDefault(row);
            var after = proposed.GetValueOrDefault(row);
            text.AppendLine(CultureInfo.InvariantCulture, $"{Name(row.Handler),-16} {Name(row.Reason),-28} {before,9} {after,9} {after - before,8:+0;-0;0}");
        }

        var changed = response.Results.Select((r, i) => (Result: r, Index: i)).Where(x => x.Result.Changed).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"{changed.Count} of {response.Results.Count} decisions change:");
        foreach (var (result, index) in changed.Take(ChangedShown))
        {
            var (key, body) = Describe(request.Messages[index]);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  #{index + 1} {key} \"{body}\": {Name(result.Current.Handler)} {Name(result.Current.Reason)} ({result.Current.Rule}) -> {Name(result.Proposed.Handler)} {Name(result.Proposed.Reason)} ({result.Proposed.Rule})");
        }

        if (changed.Count > ChangedShown)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  … and {changed.Count - ChangedShown} more");
        }

        return text.ToString();
    }

    private static RouteRequest ParseLine(string line)
    {
        var parts = line.Split('|');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0)
        {
            throw new UsageException($"'{line}' is not platformKey|text or platformKey|text|omni|journey.");
        }

        if (parts.Length == 2)
        {
            return new RouteRequest { Inbound = new InboundMessage { PlatformKey = parts[0], Text = parts[1] } };
        }

        var sender = parts[2].Trim().ToUpperInvariant() switch
        {
            "OMNI" => Handler.OmniChannel,
            "JOURNEY" => Handler.JourneyBuilder,
            _ => throw new UsageException($"'{parts[2]}' is not a sender (omni or journey)."),
        };
        return new RouteRequest { Outbound = new OutboundMessage { PlatformKey = parts[0], Text = parts[1], Sender = sender } };
    }

    private static DeploymentType ParseType(string type) => type.ToUpperInvariant() switch
    {
        "CONVERSATION" => DeploymentType.Conversation,
        "MESSAGINGENGAGEMENT" => DeploymentType.MessagingEngagement,
        "MJ" => DeploymentType.Mj,
        _ => throw new UsageException($"'{type}' is not a DeploymentType (Conversation, MessagingEngagement, MJ)."),
    };

    private static (string Key, string Text) Describe(RouteRequest message) => message.MessageCase == RouteRequest.MessageOneofCase.Outbound
        ? (message.Outbound.PlatformKey, message.Outbound.Text + " (from " + Name(message.Outbound.Sender) + ")")
        : (message.Inbound.PlatformKey, message.Inbound.Text);

    private static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum
        => value.ToString();
}
