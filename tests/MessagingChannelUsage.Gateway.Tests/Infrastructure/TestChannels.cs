using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Keywords;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace MessagingChannelUsage.Gateway.Tests.Infrastructure;

/// <summary>The usage a test channel gets.</summary>
public sealed record TestUsage(
    DeploymentType Type,
    DeploymentStatus Status = DeploymentStatus.Active,
    ConsentType? Consent = ConsentType.ImplicitOptIn,
    RoutingOverride? Override = null);

/// <summary>A channel made for one test, with the ids of its usages.</summary>
public sealed record TestChannel(string Id, ImmutableDictionary<DeploymentType, string> UsageIds)
{
    /// <summary>A fresh end user key (tests never share end users).</summary>
    public static string NewPlatformKey() => "+1555" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Creates channels and usages straight through the store interfaces of the running gateway
/// (the admin API is another branch's). Keywords: START opt-in, YES double opt-in, the default
/// opt-out list (STOP, …), HELP, marketing JOIN.
/// </summary>
public sealed class TestChannels(IServiceProvider services)
{
    public const string OptInPrompt = "Reply START to opt in.";
    public const string DoubleOptInPrompt = "Reply YES to confirm.";
    public const string OptInConfirmation = "You are in.";
    public const string OptOutConfirmation = "You are out.";
    public const string HelpResponse = "Help is here.";

    public async Task<TestChannel> CreateAsync(ChannelKind kind, params TestUsage[] usages)
    {
        var now = DateTimeOffset.UtcNow;
        var channelId = SalesforceId.NewId(KeyPrefixes.MessagingChannel);
        var channel = new MessagingChannel
        {
            Id = channelId,
            DeveloperName = "Test_" + channelId,
            MasterLabel = "Test channel",
            Kind = kind,
            MessageType = kind == ChannelKind.Enhanced ? MessageType.WhatsApp : MessageType.Text,
            FallbackQueueId = SalesforceId.To18("00G000000TESTQ1"),
            OptInKeywords = ["START"],
            DoubleOptInKeywords = ["YES"],
            OptOutKeywords = KeywordDefaults.OptOutKeywords,
            HelpKeywords = KeywordDefaults.HelpKeywords,
            MarketingKeywords = ["JOIN"],
            OptInPrompt = OptInPrompt,
            DoubleOptInPrompt = DoubleOptInPrompt,
            OptInConfirmation = OptInConfirmation,
            OptOutConfirmation = OptOutConfirmation,
            HelpResponse = HelpResponse,
            CreatedDate = now,
            LastModifiedDate = now,
            SystemModstamp = now,
        };
        using var cancellation = new CancellationTokenSource(Calls.Timeout);
        await services.GetRequiredService<IChannelRepository>().InsertAsync(channel, cancellation.Token);

        var repository = services.GetRequiredService<IUsageRepository>();
        var ids = ImmutableDictionary.CreateBuilder<DeploymentType, string>();
        foreach (var usage in usages)
        {
            var id = SalesforceId.NewId(KeyPrefixes.MessagingChannelUsage);
            await repository.InsertAsync(
                new ChannelUsage
                {
                    Id = id,
                    MessagingChannelId = channelId,
                    DeploymentType = usage.Type,
                    DeploymentStatus = usage.Status,
                    ConsentType = usage.Consent,
                    RoutingOverride = usage.Override,
                    DisabledTime = usage.Status == DeploymentStatus.Disabled ? now : null,
                    ErrorReason = usage.Status == DeploymentStatus.Error ? ErrorReason.InternalError : null,
                    CreatedDate = now,
                    LastModifiedDate = now,
                    SystemModstamp = now,
                },
                cancellation.Token);
            ids[usage.Type] = id;
        }

        return new TestChannel(channelId, ids.ToImmutable());
    }

    /// <summary>An Enhanced channel with an active Conversation usage.</summary>
    public Task<TestChannel> ServiceOnlyAsync(ConsentType? consent = ConsentType.ImplicitOptIn)
        => CreateAsync(ChannelKind.Enhanced, new TestUsage(DeploymentType.Conversation, Consent: consent));

    /// <summary>A Unified channel with Conversation and MJ active and the given override.</summary>
    public Task<TestChannel> BothActiveAsync(RoutingOverride? routingOverride, ConsentType? marketingConsent = ConsentType.ImplicitOptIn)
        => CreateAsync(
            ChannelKind.Unified,
            new TestUsage(DeploymentType.Conversation),
            new TestUsage(DeploymentType.MJ, Consent: marketingConsent, Override: routingOverride));

    /// <summary>A Unified channel with only MJ active.</summary>
    public Task<TestChannel> MarketingOnlyAsync(ConsentType? consent = ConsentType.ImplicitOptIn)
        => CreateAsync(ChannelKind.Unified, new TestUsage(DeploymentType.MJ, Consent: consent));
}
