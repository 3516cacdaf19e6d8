using Grpc.Net.Client;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.LoadTests.Setup;

/// <summary>
/// Creates the load test's channels and usages through the gateway's admin API (so the same
/// fixture works on the embedded store and on Redis), activating each usage with the built-in
/// provisioner. Fails loudly when a usage does not reach Active: a run on a half-built fixture
/// would measure the wrong branches.
/// </summary>
public static class AdminSetup
{
    public static async Task<RoutingFixture> CreateAsync(GrpcChannel grpc, string runTag, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var channels = new MessagingChannelService.MessagingChannelServiceClient(grpc);
        var usages = new MessagingChannelUsageService.MessagingChannelUsageServiceClient(grpc);
        var deployments = new ChannelDeploymentService.ChannelDeploymentServiceClient(grpc);
        var deadline = TimeSpan.FromSeconds(10);
        var created = new List<FixtureChannel>();
        foreach (var plan in ChannelProfiles.All)
        {
            var channel = await channels.CreateChannelAsync(
                ChannelProfiles.Channel(plan.Profile, runTag), deadline: DateTime.UtcNow + deadline, cancellationToken: cancellationToken);
            string? marketingUsageId = null;
            foreach (var usagePlan in plan.Usages)
            {
                var usage = await usages.CreateAsync(
                    new MessagingChannelUsage.Protos.V1.MessagingChannelUsage
                    {
                        MessagingChannelId = channel.Id,
                        DeploymentType = usagePlan.Type,
                        ConsentType = ConsentType.ImplicitOptIn,
                        RoutingOverride = usagePlan.Override,
                    },
                    deadline: DateTime.UtcNow + deadline,
                    cancellationToken: cancellationToken);
                if (usagePlan.Activate)
                {
                    usage = await deployments.ActivateAsync(
                        new DeploymentRequest { UsageId = usage.Id }, deadline: DateTime.UtcNow + deadline, cancellationToken: cancellationToken);
                    if (usage.DeploymentStatus != DeploymentStatus.Active)
                    {
                        throw new InvalidOperationException(
                            $"Setup: usage {usage.Id} ({usagePlan.Type}) of channel {plan.Profile} is {usage.DeploymentStatus} " +
                            $"({usage.ErrorReason}) after Activate, not Active.");
                    }
                }

                if (usagePlan.Type == DeploymentType.Mj)
                {
                    marketingUsageId = usage.Id;
                }
            }

            created.Add(new FixtureChannel(channel.Id, plan.Profile, plan.Weight, ChannelProfiles.MarketingKeywords, marketingUsageId, CanSendOutbound: true));
            await log.WriteLineAsync($"setup: channel {channel.Id} {plan.Profile} ({plan.Usages.Count} usage(s))");
        }

        created.Add(new FixtureChannel(ChannelProfiles.UnknownChannelId, "unknown_channel", ChannelProfiles.UnknownChannelWeight, [], null, CanSendOutbound: true));
        return new RoutingFixture(created, "admin API");
    }

    /// <summary>A fixture over channels someone else created (e.g. the gateway's demo data).</summary>
    public static RoutingFixture FromIds(IReadOnlyList<string> channelIds, IReadOnlyList<string> marketingUsageIds, IReadOnlyList<string> marketingKeywords)
    {
        ArgumentNullException.ThrowIfNull(channelIds);
        ArgumentNullException.ThrowIfNull(marketingUsageIds);
        var channels = channelIds
            .Select((id, i) => new FixtureChannel(id, $"given_{i}", 1, marketingKeywords, i < marketingUsageIds.Count ? marketingUsageIds[i] : null, true))
            .ToList();
        channels.Add(new FixtureChannel(ChannelProfiles.UnknownChannelId, "unknown_channel", Math.Max(0.05, channels.Count * 0.05), [], null, true));
        return new RoutingFixture(channels, "given ids");
    }
}
