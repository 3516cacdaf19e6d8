using CsCheck;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Routing.Tests.Rules;

/// <summary>
/// For any draft (fields not given, null, valid or unknown numbers) the validator never throws,
/// and whatever it accepts becomes a record that keeps every invariant of §2.
/// </summary>
public class UsageRulesPropertyTests
{
    private static readonly DateTimeOffset Now = TestChannels.Epoch.AddDays(1);

    private static readonly Gen<FieldValue<int?>> GenNumber = Gen.Frequency(
        (2, Gen.Const(default(FieldValue<int?>))),
        (1, Gen.Const(FieldValue.Null<int>())),
        (4, Gen.Int[0, 7].Select(n => FieldValue.Of<int?>(n))));

    private static readonly Gen<UsageDraft> GenDraft =
        Gen.Select(GenNumber, GenNumber, GenNumber, GenNumber, GenNumber, Gen.Int[0, 9], Gen.Int[0, 9])
            .Select(t => new UsageDraft
            {
                DeploymentType = t.Item1,
                DeploymentStatus = t.Item2,
                ConsentType = t.Item3,
                ErrorReason = t.Item4,
                RoutingOverride = t.Item5,
                MessagingChannelId = t.Item6 switch
                {
                    0 => default,
                    1 => FieldValue.NullText(),
                    2 => FieldValue.Of<string?>("0Mj-bad"),
                    _ => FieldValue.Of<string?>(TestChannels.ChannelId),
                },
                DisabledTime = t.Item7 == 0 ? FieldValue.Of<DateTimeOffset?>(Now) : default,
            });

    private static readonly Gen<ChannelUsage> GenExisting =
        Gen.Select(Gen.Enum<DeploymentType>(), Gen.Enum<DeploymentStatus>(), Gen.Enum<ConsentType>().Nullable(0.3), Gen.Enum<RoutingOverride>().Nullable(0.5))
            .Select(t => TestChannels.Usage(t.Item1, t.Item2, t.Item3, t.Item1 == DeploymentType.MJ ? t.Item4 : null));

    [Fact]
    public void Create_AnyDraft_ValidOnesKeepTheInvariants()
    {
        Gen.Select(GenDraft, Gen.Enum<ChannelKind>(), Gen.Int[0, 3]).Sample((draft, kind, existingCount) =>
        {
            var existing = Enum.GetValues<DeploymentType>().Take(existingCount)
                .Select(t => TestChannels.Usage(t, DeploymentStatus.Active)).ToList();

            var errors = UsageWriter.TryCreate(draft, TestChannels.Channel(kind), existing, () => "0Mu000000000042AAA", Now, out var created);

            Assert.Equal(errors.IsEmpty, created is not null);
            if (created is not null)
            {
                AssertInvariants(created);
                Assert.DoesNotContain(existing, u => u.DeploymentType == created.DeploymentType);
                Assert.True(existing.Count < 3);
                Assert.True(kind == ChannelKind.Unified || (existing.Count == 0 && created.DeploymentType == DeploymentType.Conversation));
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Update_AnyDraft_ValidOnesKeepTheInvariantsAndTheLifecycle()
    {
        Gen.Select(GenExisting, GenDraft).Sample((existing, draft) =>
        {
            var errors = UsageWriter.TryUpdate(existing, draft, Now, out var updated);

            Assert.Equal(errors.IsEmpty, updated is not null);
            if (updated is not null)
            {
                AssertInvariants(updated);
                Assert.Equal((existing.Id, existing.DeploymentType, existing.MessagingChannelId, existing.CreatedDate),
                    (updated.Id, updated.DeploymentType, updated.MessagingChannelId, updated.CreatedDate));
                Assert.True(updated.DeploymentStatus == existing.DeploymentStatus
                    || Lifecycle.IsAllowed(existing.DeploymentStatus, updated.DeploymentStatus));
            }
        }, iter: 20_000);
    }

    [Fact]
    public void LifecycleSteps_FromAnyState_KeepTheInvariants()
    {
        Gen.Select(GenExisting, Gen.Int[0, 4], Gen.Bool, Gen.Enum<ProvisionerMode>()).Sample((usage, step, flag, mode) =>
        {
            var channel = TestChannels.Channel();
            var result = step switch
            {
                0 => Lifecycle.Activate(usage, channel, mode, Now),
                1 => Lifecycle.Deactivate(usage, mode, Now),
                2 => Lifecycle.Retry(usage, channel, mode, Now),
                _ => Lifecycle.ReportProvisioningResult(usage, flag, null, Now),
            };

            if (result.Succeeded)
            {
                AssertInvariants(result.Usage);
            }
            else
            {
                Assert.Equal("DeploymentStatus", result.Error.Field);
            }
        }, iter: 20_000);
    }

    private static void AssertInvariants(ChannelUsage usage)
    {
        Assert.True(Enum.IsDefined(usage.DeploymentType));
        Assert.True(Enum.IsDefined(usage.DeploymentStatus));
        Assert.Equal(usage.DeploymentStatus == DeploymentStatus.Error, usage.ErrorReason is not null);
        Assert.Equal(usage.DeploymentStatus == DeploymentStatus.Disabled, usage.DisabledTime is not null);
        Assert.True(usage.RoutingOverride is null || usage.DeploymentType == DeploymentType.MJ);
        Assert.True(usage.ConsentType is null || Enum.IsDefined(usage.ConsentType.Value));
        Assert.Equal(18, usage.MessagingChannelId.Length);
    }
}
