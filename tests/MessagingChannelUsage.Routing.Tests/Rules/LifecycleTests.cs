using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Routing.Tests.Rules;

/// <summary>domain.md §3: the allowed transitions and the steps of the built-in and an external provisioner.</summary>
public class LifecycleTests
{
    private static readonly DateTimeOffset Now = TestChannels.Epoch.AddDays(3);

    /// <summary>The arrows of the §3 diagram, written out by hand.</summary>
    private static readonly HashSet<(DeploymentStatus, DeploymentStatus)> Allowed =
    [
        (DeploymentStatus.New, DeploymentStatus.Provisioning),
        (DeploymentStatus.Provisioning, DeploymentStatus.Active),
        (DeploymentStatus.Provisioning, DeploymentStatus.Error),
        (DeploymentStatus.Active, DeploymentStatus.Deprovisioning),
        (DeploymentStatus.Deprovisioning, DeploymentStatus.Disabled),
        (DeploymentStatus.Deprovisioning, DeploymentStatus.Error),
        (DeploymentStatus.Error, DeploymentStatus.Provisioning),
        (DeploymentStatus.Error, DeploymentStatus.Deprovisioning),
        (DeploymentStatus.Disabled, DeploymentStatus.Provisioning),
    ];

    /// <summary>All 36 (from, to) pairs with whether §3 allows them.</summary>
    public static TheoryData<DeploymentStatus, DeploymentStatus, bool> AllPairs
    {
        get
        {
            var data = new TheoryData<DeploymentStatus, DeploymentStatus, bool>();
            foreach (var from in Enum.GetValues<DeploymentStatus>())
            {
                foreach (var to in Enum.GetValues<DeploymentStatus>())
                {
                    data.Add(from, to, Allowed.Contains((from, to)));
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void IsAllowed_MatchesTheDiagram(DeploymentStatus from, DeploymentStatus to, bool allowed)
    {
        Assert.Equal(allowed, Lifecycle.IsAllowed(from, to));
        Assert.Equal(allowed, Lifecycle.Transitions.Contains((from, to)));
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void UpdateOfDeploymentStatus_FollowsTheLifecycle_SameValueIsANoOp(DeploymentStatus from, DeploymentStatus to, bool allowed)
    {
        var existing = TestChannels.Usage(DeploymentType.Conversation, from);
        var draft = new UsageDraft { DeploymentStatus = FieldValue.Of<int?>((int)to) };

        var errors = UsageWriter.TryUpdate(existing, draft, Now, out var updated);

        if (allowed || from == to)
        {
            Assert.Empty(errors);
            Assert.Equal(to, updated!.DeploymentStatus);
            Assert.Equal(to == DeploymentStatus.Error, updated.ErrorReason is not null);
            Assert.Equal(to == DeploymentStatus.Disabled, updated.DisabledTime is not null);
            Assert.Equal(from == to ? existing.DisabledTime : (to == DeploymentStatus.Disabled ? Now : null), updated.DisabledTime);
        }
        else
        {
            var error = Assert.Single(errors);
            Assert.Equal(ErrorCodes.FieldIntegrityException, error.Code);
            Assert.Equal("DeploymentStatus", error.Field);
            Assert.Null(updated);
        }
    }

    [Fact]
    public void Activate_BuiltInWithAReadyChannel_EndsActive()
    {
        var usage = TestChannels.Usage(DeploymentType.Conversation, DeploymentStatus.New, ConsentType.DoubleOptIn);

        var result = Lifecycle.Activate(usage, TestChannels.Channel(), ProvisionerMode.BuiltIn, Now);

        Assert.True(result.Succeeded);
        Assert.Equal(DeploymentStatus.Active, result.Usage.DeploymentStatus);
        Assert.Null(result.Usage.ErrorReason);
        Assert.Equal(Now, result.Usage.SystemModstamp);
    }

    public static TheoryData<string, DeploymentType, ConsentType?, ChannelKind, ErrorReason> ProvisioningFailures => new()
    {
        { "marketing usage on Enhanced", DeploymentType.MJ, null, ChannelKind.Enhanced, ErrorReason.InvalidSelection },
        { "MessagingEngagement on Enhanced", DeploymentType.MessagingEngagement, null, ChannelKind.Enhanced, ErrorReason.InvalidSelection },
        { "no fallback queue", DeploymentType.Conversation, null, ChannelKind.Unified, ErrorReason.ProvisioningError },
        { "implicit without opt-out confirmation", DeploymentType.MJ, ConsentType.ImplicitOptIn, ChannelKind.Unified, ErrorReason.ProvisioningError },
        { "explicit without opt-in prompt", DeploymentType.MJ, ConsentType.ExplicitOptIn, ChannelKind.Unified, ErrorReason.ProvisioningError },
        { "double without double opt-in keywords", DeploymentType.MJ, ConsentType.DoubleOptIn, ChannelKind.Unified, ErrorReason.ProvisioningError },
    };

    [Theory]
    [MemberData(nameof(ProvisioningFailures))]
    public void Activate_BuiltInCheckFails_EndsInErrorWithTheReason(string what, DeploymentType type, ConsentType? consentType, ChannelKind kind, ErrorReason reason)
    {
        var channel = TestChannels.Channel(kind);
        channel = what switch
        {
            "no fallback queue" => channel with { FallbackQueueId = null },
            "implicit without opt-out confirmation" => channel with { OptOutConfirmation = null },
            "explicit without opt-in prompt" => channel with { OptInPrompt = " " },
            "double without double opt-in keywords" => channel with { DoubleOptInKeywords = [] },
            _ => channel,
        };
        var usage = TestChannels.Usage(type, DeploymentStatus.New, consentType);

        var result = Lifecycle.Activate(usage, channel, ProvisionerMode.BuiltIn, Now);

        Assert.True(result.Succeeded);
        Assert.Equal(DeploymentStatus.Error, result.Usage.DeploymentStatus);
        Assert.Equal(reason, result.Usage.ErrorReason);
        Assert.Equal(usage.ConsentType, result.Usage.ConsentType);
    }

    [Fact]
    public void ConsentReadiness_ImplicitNeedsOnlyOptOut()
    {
        var channel = TestChannels.Channel() with { OptInKeywords = [], OptInPrompt = null, DoubleOptInKeywords = [], DoubleOptInPrompt = null };

        Assert.True(ProvisioningChecks.IsConsentReady(channel, null));
        Assert.True(ProvisioningChecks.IsConsentReady(channel, ConsentType.ImplicitOptIn));
        Assert.False(ProvisioningChecks.IsConsentReady(channel, ConsentType.ExplicitOptIn));
        Assert.False(ProvisioningChecks.IsConsentReady(channel, ConsentType.DoubleOptIn));
        Assert.False(ProvisioningChecks.IsConsentReady(channel with { OptOutKeywords = [] }, null));
    }

    [Fact]
    public void Activate_External_WaitsInProvisioningForTheReport()
    {
        var usage = TestChannels.Usage(DeploymentType.MJ, DeploymentStatus.New);

        var provisioning = Lifecycle.Activate(usage, TestChannels.Channel(), ProvisionerMode.External, Now);
        var ok = Lifecycle.ReportProvisioningResult(provisioning.Usage!, success: true, null, Now);
        var failed = Lifecycle.ReportProvisioningResult(provisioning.Usage!, success: false, null, Now);
        var failedWithReason = Lifecycle.ReportProvisioningResult(provisioning.Usage!, success: false, ErrorReason.InvalidSelection, Now);

        Assert.Equal(DeploymentStatus.Provisioning, provisioning.Usage!.DeploymentStatus);
        Assert.Equal(DeploymentStatus.Active, ok.Usage!.DeploymentStatus);
        Assert.Equal((DeploymentStatus.Error, ErrorReason.InternalError), (failed.Usage!.DeploymentStatus, failed.Usage.ErrorReason));
        Assert.Equal(ErrorReason.InvalidSelection, failedWithReason.Usage!.ErrorReason);
    }

    [Fact]
    public void Deactivate_BuiltIn_EndsDisabledAtNow()
    {
        var usage = TestChannels.Usage(DeploymentType.Conversation, DeploymentStatus.Active);

        var result = Lifecycle.Deactivate(usage, ProvisionerMode.BuiltIn, Now);

        Assert.Equal(DeploymentStatus.Disabled, result.Usage!.DeploymentStatus);
        Assert.Equal(Now, result.Usage.DisabledTime);
    }

    [Fact]
    public void Deactivate_ExternalFailure_ThenRetry_GoesBackToDeprovisioning()
    {
        var usage = TestChannels.Usage(DeploymentType.Conversation, DeploymentStatus.Active);

        var deprovisioning = Lifecycle.Deactivate(usage, ProvisionerMode.External, Now).Usage!;
        var failed = Lifecycle.ReportProvisioningResult(deprovisioning, success: false, null, Now).Usage!;
        var retried = Lifecycle.Retry(failed, TestChannels.Channel(), ProvisionerMode.External, Now).Usage!;
        var done = Lifecycle.ReportProvisioningResult(retried, success: true, null, Now).Usage!;

        Assert.Equal(DeploymentStatus.Deprovisioning, deprovisioning.DeploymentStatus);
        Assert.Equal((DeploymentStatus.Error, ErrorReason.DeprovisioningError), (failed.DeploymentStatus, failed.ErrorReason));
        Assert.Equal(DeploymentStatus.Deprovisioning, retried.DeploymentStatus);
        Assert.Null(retried.ErrorReason);
        Assert.Equal(DeploymentStatus.Disabled, done.DeploymentStatus);
        Assert.Equal(Now, done.DisabledTime);
    }

    [Theory]
    [InlineData(ErrorReason.ProvisioningError)]
    [InlineData(ErrorReason.InvalidSelection)]
    [InlineData(ErrorReason.InternalError)]
    public void Retry_AfterAProvisioningFailure_ProvisionsAgain(ErrorReason reason)
    {
        var usage = TestChannels.Usage(DeploymentType.Conversation, DeploymentStatus.Error) with { ErrorReason = reason };

        var external = Lifecycle.Retry(usage, TestChannels.Channel(), ProvisionerMode.External, Now).Usage!;
        var builtIn = Lifecycle.Retry(usage, TestChannels.Channel(), ProvisionerMode.BuiltIn, Now).Usage!;

        Assert.Equal(DeploymentStatus.Provisioning, external.DeploymentStatus);
        Assert.Null(external.ErrorReason);
        Assert.Equal(DeploymentStatus.Active, builtIn.DeploymentStatus);
    }

    [Fact]
    public void Activate_FromDisabled_ReEnablesAndClearsDisabledTime()
    {
        var usage = TestChannels.Usage(DeploymentType.Conversation, DeploymentStatus.Disabled);

        var result = Lifecycle.Activate(usage, TestChannels.Channel(), ProvisionerMode.BuiltIn, Now).Usage!;

        Assert.Equal(DeploymentStatus.Active, result.DeploymentStatus);
        Assert.Null(result.DisabledTime);
    }

    [Fact]
    public void Activate_WhenActive_AndDeactivate_WhenDisabled_AreNoOps()
    {
        var active = TestChannels.Usage(DeploymentType.Conversation, DeploymentStatus.Active);
        var disabled = TestChannels.Usage(DeploymentType.Conversation, DeploymentStatus.Disabled);

        Assert.Same(active, Lifecycle.Activate(active, TestChannels.Channel(), ProvisionerMode.BuiltIn, Now).Usage);
        Assert.Same(disabled, Lifecycle.Deactivate(disabled, ProvisionerMode.BuiltIn, Now).Usage);
    }

    public static TheoryData<string, DeploymentStatus> IllegalSteps => new()
    {
        { "Activate", DeploymentStatus.Provisioning },
        { "Activate", DeploymentStatus.Deprovisioning },
        { "Deactivate", DeploymentStatus.New },
        { "Deactivate", DeploymentStatus.Provisioning },
        { "Deactivate", DeploymentStatus.Deprovisioning },
        { "Retry", DeploymentStatus.New },
        { "Retry", DeploymentStatus.Active },
        { "Retry", DeploymentStatus.Disabled },
        { "ReportProvisioningResult", DeploymentStatus.New },
        { "ReportProvisioningResult", DeploymentStatus.Active },
        { "ReportProvisioningResult", DeploymentStatus.Error },
        { "ReportProvisioningResult", DeploymentStatus.Disabled },
    };

    [Theory]
    [MemberData(nameof(IllegalSteps))]
    public void Step_FromAStatusThatDoesNotAllowIt_IsAFieldIntegrityException(string step, DeploymentStatus from)
    {
        var usage = TestChannels.Usage(DeploymentType.Conversation, from);
        var channel = TestChannels.Channel();

        var result = step switch
        {
            "Activate" => Lifecycle.Activate(usage, channel, ProvisionerMode.BuiltIn, Now),
            "Deactivate" => Lifecycle.Deactivate(usage, ProvisionerMode.BuiltIn, Now),
            "Retry" => Lifecycle.Retry(usage, channel, ProvisionerMode.BuiltIn, Now),
            _ => Lifecycle.ReportProvisioningResult(usage, success: true, null, Now),
        };

        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCodes.FieldIntegrityException, result.Error.Code);
        Assert.Equal("DeploymentStatus", result.Error.Field);
    }
}
