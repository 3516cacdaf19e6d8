using MessagingChannelUsage.Gateway.Usages;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Rules;
using Usage = MessagingChannelUsage.Protos.V1.MessagingChannelUsage;

namespace MessagingChannelUsage.Gateway.Tests.Admin;

/// <summary>Proto → validator draft: zero means "not given" on create and "null" when masked on update.</summary>
public sealed class UsageDraftMappingTests
{
    [Fact]
    public void ForCreate_ZeroEnumsAndEmptyStrings_AreNotGiven()
    {
        var draft = UsageDraftMapping.ForCreate(new Usage { DeploymentType = DeploymentType.Conversation });

        Assert.Equal(FieldValue.Of<int?>(1), draft.DeploymentType);
        Assert.False(draft.ConsentType.IsGiven);
        Assert.False(draft.DeploymentStatus.IsGiven);
        Assert.False(draft.MessagingChannelId.IsGiven);
        Assert.False(draft.Id.IsGiven);
        Assert.False(draft.SystemModstamp.IsGiven);
    }

    [Fact]
    public void ForCreate_UnknownEnumNumbers_PassThroughRaw()
    {
        var draft = UsageDraftMapping.ForCreate(new Usage { ConsentType = (ConsentType)99, RoutingOverride = (RoutingOverride)7 });

        Assert.Equal(FieldValue.Of<int?>(99), draft.ConsentType);
        Assert.Equal(FieldValue.Of<int?>(7), draft.RoutingOverride);
    }

    [Fact]
    public void ForUpdate_GivesOnlyMaskedFields_AndAMaskedZeroIsNull()
    {
        var usage = new Usage { Id = "ignored", ConsentType = ConsentType.DoubleOptIn, RoutingOverride = RoutingOverride.Unspecified };

        var draft = UsageDraftMapping.ForUpdate(usage, ["routing_override", "ErrorReason"]);

        Assert.Equal(FieldValue.Null<int>(), draft.RoutingOverride);
        Assert.Equal(FieldValue.Null<int>(), draft.ErrorReason);
        Assert.False(draft.ConsentType.IsGiven);
        Assert.False(draft.Id.IsGiven);
    }

    [Fact]
    public void ForUpdate_UnknownPaths_AreInvalidField_EachNamed()
    {
        var exception = Assert.Throws<DomainException>(() => UsageDraftMapping.ForUpdate(new Usage(), ["colour", "consent_type", "size"]));

        Assert.Equal(ErrorCodes.InvalidField, exception.Code);
        Assert.Equal(["colour", "size"], exception.Errors.Select(e => e.Field));
    }

    [Fact]
    public void ForUpsertUpdate_NeverGivesTheRecordId()
    {
        var draft = UsageDraftMapping.ForUpsertUpdate(new Usage { Id = "0Mu000000000001AAA", ConsentType = ConsentType.ImplicitOptIn });

        Assert.False(draft.Id.IsGiven);
        Assert.Equal(FieldValue.Of<int?>(1), draft.ConsentType);
    }
}
