using System.Collections.Concurrent;
using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Routing.Rules;
using MessagingChannelUsage.Routing.Simulation;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>A Simulate request in domain terms (validated sizes; the proposal not yet checked).</summary>
internal sealed record SimulationRequest(
    string ChannelId,
    MessagingChannel? ProposedChannel,
    IReadOnlyList<UsageDraft> ProposedUsages,
    IReadOnlyList<SimulatedMessage> Messages);

/// <summary>The answer: the pure simulation plus the configuration versions each side used.</summary>
internal sealed record SimulationAnswer(SimulationResult Result, long CurrentVersion);

/// <summary>
/// MessageRouter.Simulate (domain.md §9): reads the channel's stored configuration and the stored
/// state of every end user the messages name, builds the proposed configuration through the same
/// record rules as a real write (same errors), and runs <see cref="TrafficSimulation"/> (the pure
/// router). Nothing is written: only reads reach the store.
/// </summary>
/// <remarks>
/// Decisions: a proposed usage is checked as a create of that record would be (rules §2; a create
/// accepts any status, so "Disabled" is a valid proposal without walking the lifecycle) and
/// replaces the stored usage of its DeploymentType, keeping its id. A proposed channel contributes
/// its keyword configuration (<see cref="ChannelUpdateRules.WithKeywordsOf"/>: default lists, texts,
/// keyword sets, custom keywords) and passes <see cref="ChannelUpdateRules.Validate"/>, UpdateChannel's
/// check; the channel's other fields stay as stored. Both snapshots are built by
/// <see cref="ChannelSnapshot.Create"/>, as the store's snapshot cache builds them. The proposed
/// decisions report config_version 0: that configuration is not stored.
/// </remarks>
internal sealed class TrafficSimulator(IChannelStateReader states, IEndUserStore endUsers, TimeProvider time)
{
    /// <summary>End-user states read at once (a 10,000-message mix names many end users).</summary>
    private const int ParallelReads = 32;

    public async Task<SimulationAnswer> SimulateAsync(SimulationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stored = await states.LoadAsync(request.ChannelId, cancellationToken)
            ?? throw RecordErrors.NotFound("MessagingChannel", request.ChannelId, "channel_id");
        var current = ChannelSnapshot.Create(stored.Channel, stored.Usages, stored.Version);
        var proposed = Propose(stored, request);
        var endUserStates = await ReadEndUsersAsync(request, cancellationToken);
        return new SimulationAnswer(TrafficSimulation.Run(current, proposed, request.Messages, endUserStates), stored.Version);
    }

    private ChannelSnapshot Propose(ChannelState stored, SimulationRequest request)
    {
        var channel = stored.Channel;
        if (request.ProposedChannel is { } proposal)
        {
            // The checks of UpdateChannel, on the channel as the write would store it.
            channel = ChannelUpdateRules.WithKeywordsOf(stored.Channel, proposal);
            RecordErrors.ThrowIfAny(ChannelUpdateRules.Validate(stored.Channel, channel));
        }

        var usages = stored.Usages.ToList();
        var now = time.GetUtcNow();
        foreach (var draft in request.ProposedUsages)
        {
            var type = draft.DeploymentType.Value is { } number ? (DeploymentType?)number : null;
            var replaced = usages.Find(u => u.DeploymentType == type);
            var others = usages.Where(u => !ReferenceEquals(u, replaced)).ToList();
            RecordErrors.ThrowIfAny(UsageValidator.ValidateCreate(draft, channel, others));
            var usage = UsageWriter.ApplyCreate(draft, replaced?.Id ?? UsageWriter.NewUsageId(), now);
            usages = [.. others, usage];
        }

        return ChannelSnapshot.Create(channel, usages, version: 0);
    }

    private async Task<Dictionary<string, EndUserState>> ReadEndUsersAsync(SimulationRequest request, CancellationToken cancellationToken)
    {
        var read = new ConcurrentDictionary<string, EndUserState>(StringComparer.Ordinal);
        var keys = request.Messages.Select(m => m.PlatformKey).Distinct(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            keys,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (key, token) => read[key] = await endUsers.GetStateAsync(request.ChannelId, key, token));
        return new Dictionary<string, EndUserState>(read, StringComparer.Ordinal);
    }
}
