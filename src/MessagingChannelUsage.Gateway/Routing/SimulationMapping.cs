using MessagingChannelUsage.Gateway.Channels;
using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Gateway.Usages;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Routing.Rules;
using MessagingChannelUsage.Routing.Simulation;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>Simulate's messages ↔ the simulator's: sizes and every message checked first (all violations at once).</summary>
internal static class SimulationMapping
{
    public static SimulationRequest ToDomain(Proto.SimulateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validation = default(RequestValidation);
        validation.MaxCount(request.Messages.Count, "messages", Limits.MaxSimulatedMessages);
        validation.MaxCount(request.ProposedUsages.Count, "proposed_usages", 3);
        var channelId = validation.Id(request.ChannelId, "channel_id", KeyPrefixes.MessagingChannel);
        validation.ThrowIfInvalid();

        var messages = new SimulatedMessage[request.Messages.Count];
        for (var i = 0; i < messages.Length; i++)
        {
            messages[i] = ToMessage(request.Messages[i], channelId, $"messages[{i}]", ref validation);
        }

        validation.ThrowIfInvalid();
        var usages = request.ProposedUsages.Select(usage =>
        {
            var draft = UsageDraftMapping.ForCreate(usage);
            // The usage belongs to the simulated channel; naming it again is optional.
            return usage.MessagingChannelId.Length == 0 ? draft with { MessagingChannelId = FieldValue.Of<string?>(channelId) } : draft;
        }).ToList();
        var channel = request.ProposedChannel is { } proposed ? ChannelMapping.ToDomain(proposed, idRequired: false) : null;
        return new SimulationRequest(channelId, channel, usages, messages);
    }

    public static Proto.SimulateResponse ToProto(SimulationAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var response = new Proto.SimulateResponse();
        foreach (var outcome in answer.Result.Outcomes)
        {
            response.Results.Add(new Proto.SimulatedMessage
            {
                Current = ToProto(outcome.Current, answer.CurrentVersion),
                Proposed = ToProto(outcome.Proposed, configVersion: 0),
                Changed = outcome.Changed,
            });
        }

        response.CurrentCounts.AddRange(ToProto(answer.Result.CurrentCounts));
        response.ProposedCounts.AddRange(ToProto(answer.Result.ProposedCounts));
        return response;
    }

    private static SimulatedMessage ToMessage(Proto.RouteRequest item, string channelId, string field, ref RequestValidation validation)
    {
        var (itemChannel, key, text, sender) = item.MessageCase switch
        {
            Proto.RouteRequest.MessageOneofCase.Inbound => (item.Inbound.ChannelId, item.Inbound.PlatformKey, item.Inbound.Text, (Handler?)null),
            Proto.RouteRequest.MessageOneofCase.Outbound => (item.Outbound.ChannelId, item.Outbound.PlatformKey, item.Outbound.Text, EnumMapping.ToDomain(item.Outbound.Sender)),
            _ => (string.Empty, string.Empty, string.Empty, null),
        };
        if (item.MessageCase == Proto.RouteRequest.MessageOneofCase.None)
        {
            validation.Add(ErrorKind.InvalidArgument, ErrorCodes.RequiredFieldMissing, field, $"{field} is neither inbound nor outbound.");
        }

        if (itemChannel.Length > 0 && RequestValidation.ParseId(itemChannel, field + ".channel_id", KeyPrefixes.MessagingChannel) != channelId)
        {
            validation.Add(ErrorKind.InvalidArgument, ErrorCodes.FieldIntegrityException, field + ".channel_id", $"{field} names another channel than channel_id.");
        }

        validation.Required(key, field + ".platform_key", Limits.MaxPlatformKeyLength);
        validation.MaxLength(text, field + ".text", Limits.MaxMessageTextLength);
        if (sender is { } s && s is not (Handler.OmniChannel or Handler.JourneyBuilder))
        {
            validation.Add(ErrorKind.InvalidArgument, ErrorCodes.InvalidOrNullForRestrictedPicklist, field + ".sender", $"{field}.sender must be OMNI_CHANNEL or JOURNEY_BUILDER.");
        }

        return new SimulatedMessage(key, text, sender);
    }

    private static Proto.RoutingDecision ToProto(in RoutingDecision decision, long configVersion) => new()
    {
        Handler = EnumMapping.ToProto(decision.Handler),
        Reason = EnumMapping.ToProto(decision.Reason),
        UsageId = decision.Usage?.Id ?? string.Empty,
        MatchedKeyword = decision.MatchedKeyword ?? string.Empty,
        ReplyText = decision.ReplyText ?? string.Empty,
        ConsentStatus = EnumMapping.ToProto(decision.ConsentAfter),
        Language = decision.Language ?? string.Empty,
        Rule = decision.Rule,
        ConfigVersion = configVersion,
        DryRun = true,
    };

    private static IEnumerable<Proto.DecisionCount> ToProto(IReadOnlyDictionary<(Handler Handler, RoutingReason Reason), long> counts)
        => counts.OrderBy(c => c.Key.Handler).ThenBy(c => c.Key.Reason).Select(c => new Proto.DecisionCount
        {
            Handler = EnumMapping.ToProto(c.Key.Handler),
            Reason = EnumMapping.ToProto(c.Key.Reason),
            Count = c.Value,
        });
}
