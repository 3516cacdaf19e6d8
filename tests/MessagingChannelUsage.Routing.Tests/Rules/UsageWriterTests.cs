using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Routing.Tests.Rules;

/// <summary>What a valid draft becomes: defaults of rule 6, ErrorReason (rule 8), DisabledTime (rule 9).</summary>
public class UsageWriterTests
{
    private static readonly DateTimeOffset Now = TestChannels.Epoch.AddHours(5);
    private static readonly string UsageId = SalesforceId.To18("0Mu000000000009");

    private static readonly UsageDraft Mj = new()
    {
        // The 15-character form: the record stores 18.
        MessagingChannelId = FieldValue.Of<string?>("0Mj000000000001"),
        DeploymentType = UsageValidatorTests.Type(DeploymentType.MJ),
    };

    [Fact]
    public void Create_MinimalDraft_IsNewWithSystemDates()
    {
        var errors = UsageWriter.TryCreate(Mj, TestChannels.Channel(), [], () => UsageId, Now, out var usage);

        Assert.Empty(errors);
        Assert.Equal(UsageId, usage!.Id);
        Assert.Equal(TestChannels.ChannelId, usage.MessagingChannelId);
        Assert.Equal(DeploymentType.MJ, usage.DeploymentType);
        Assert.Equal(DeploymentStatus.New, usage.DeploymentStatus);
        Assert.Null(usage.ConsentType);
        Assert.Null(usage.ErrorReason);
        Assert.Null(usage.DisabledTime);
        Assert.Equal((Now, Now, Now), (usage.CreatedDate, usage.LastModifiedDate, usage.SystemModstamp));
    }

    [Theory]
    [InlineData(DeploymentStatus.Error, null, ErrorReason.InternalError)]
    [InlineData(DeploymentStatus.Error, ErrorReason.ProvisioningError, ErrorReason.ProvisioningError)]
    [InlineData(DeploymentStatus.Active, null, null)]
    public void Create_InError_AlwaysHasAReason(DeploymentStatus status, ErrorReason? given, ErrorReason? expected)
    {
        var draft = Mj with
        {
            DeploymentStatus = UsageValidatorTests.Status(status),
            ErrorReason = given is { } g ? FieldValue.Of<int?>((int)g) : default,
        };

        var usage = UsageWriter.ApplyCreate(draft, UsageId, Now);

        Assert.Equal(expected, usage.ErrorReason);
    }

    [Fact]
    public void Create_Disabled_SetsDisabledTimeToNow()
    {
        var usage = UsageWriter.ApplyCreate(Mj with { DeploymentStatus = UsageValidatorTests.Status(DeploymentStatus.Disabled) }, UsageId, Now);

        Assert.Equal(Now, usage.DisabledTime);
    }

    [Fact]
    public void Create_InvalidDraft_ReturnsErrorsAndAsksNoId()
    {
        var asked = false;

        var errors = UsageWriter.TryCreate(Mj, TestChannels.Channel(ChannelKind.Enhanced), [], () => { asked = true; return UsageId; }, Now, out var usage);

        Assert.NotEmpty(errors);
        Assert.Null(usage);
        Assert.False(asked);
    }

    [Fact]
    public void ApplyCreate_WithoutValidation_RefusesAnUnknownPicklistNumber()
        => Assert.Throws<DomainException>(() => UsageWriter.ApplyCreate(Mj with { ConsentType = FieldValue.Of<int?>(77) }, UsageId, Now));

    [Fact]
    public void Update_KeepsFieldsNotGiven_AndBumpsTheModstamp()
    {
        var existing = TestChannels.Usage(DeploymentType.MJ, DeploymentStatus.Active, ConsentType.ExplicitOptIn, RoutingOverride.NonSessionMessages);

        var errors = UsageWriter.TryUpdate(existing, new UsageDraft { RoutingOverride = FieldValue.Null<int>() }, Now, out var updated);

        Assert.Empty(errors);
        Assert.Null(updated!.RoutingOverride);
        Assert.Equal(ConsentType.ExplicitOptIn, updated.ConsentType);
        Assert.Equal(DeploymentStatus.Active, updated.DeploymentStatus);
        Assert.Equal(existing.CreatedDate, updated.CreatedDate);
        Assert.Equal(Now, updated.SystemModstamp);
    }

    [Theory]
    [InlineData(null, ErrorReason.InternalError)]
    [InlineData(ErrorReason.ProvisioningError, ErrorReason.ProvisioningError)]
    public void Update_EnteringError_SetsTheGivenReasonOrInternalError(ErrorReason? given, ErrorReason expected)
    {
        var existing = TestChannels.Usage(DeploymentType.MJ, DeploymentStatus.Provisioning);
        var draft = new UsageDraft
        {
            DeploymentStatus = UsageValidatorTests.Status(DeploymentStatus.Error),
            ErrorReason = given is { } g ? FieldValue.Of<int?>((int)g) : default,
        };

        var updated = UsageWriter.ApplyUpdate(existing, draft, Now);

        Assert.Equal(expected, updated.ErrorReason);
    }

    [Fact]
    public void Update_LeavingError_ClearsTheReason()
    {
        var existing = TestChannels.Usage(DeploymentType.MJ, DeploymentStatus.Error) with { ErrorReason = ErrorReason.ProvisioningError };

        var updated = UsageWriter.ApplyUpdate(existing, new UsageDraft { DeploymentStatus = UsageValidatorTests.Status(DeploymentStatus.Provisioning) }, Now);

        Assert.Null(updated.ErrorReason);
    }

    [Fact]
    public void Update_ClearingTheReasonWhileInError_LeavesInternalError()
    {
        var existing = TestChannels.Usage(DeploymentType.MJ, DeploymentStatus.Error) with { ErrorReason = ErrorReason.ProvisioningError };

        var errors = UsageWriter.TryUpdate(existing, new UsageDraft { ErrorReason = FieldValue.Null<int>() }, Now, out var updated);

        Assert.Empty(errors);
        Assert.Equal(ErrorReason.InternalError, updated!.ErrorReason);
    }

    [Fact]
    public void NewUsageId_HasTheUsagePrefixAndAValidSuffix()
    {
        var id = UsageWriter.NewUsageId();

        Assert.StartsWith(KeyPrefixes.MessagingChannelUsage, id, StringComparison.Ordinal);
        Assert.True(SalesforceId.TryNormalize(id, out var same, out _, KeyPrefixes.MessagingChannelUsage));
        Assert.Equal(id, same);
    }
}
