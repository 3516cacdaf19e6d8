using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.TestSupport;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Contract;

/// <summary>
/// The behaviour every store promises (the interface docs of Abstractions/). Subclasses run it
/// against the in-memory store, a standalone Redis and a Redis Cluster.
/// </summary>
public abstract class StoreContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A store over state no other test class sees (fresh instance, or a fresh key prefix).</summary>
    protected abstract StoreUnderTest Store { get; }

    /// <summary>The grace the store was built with (auto-end due time = DisabledTime + grace).</summary>
    protected static TimeSpan Grace => TimeSpan.FromHours(48);

    // ---- channels ----

    [Fact]
    public async Task Channel_InsertedThenRead_ComesBackEqual()
    {
        var channel = Channel();
        await Store.Channels.InsertAsync(channel, None).WithTimeout();

        var read = await Store.Channels.GetAsync(channel.Id, None).WithTimeout();

        Assert.NotNull(read);
        AssertSameChannel(channel, read);
    }

    [Fact]
    public async Task Channel_WithKeywordSetsAndCustomKeywords_ComesBackEqualAndLosesThemWhenRemoved()
    {
        var channel = MultilingualChannel();
        await Store.Channels.InsertAsync(channel, None).WithTimeout();

        var read = await Store.Channels.GetAsync(channel.Id, None).WithTimeout();
        AssertSameChannel(channel, read!);

        var bare = channel with { KeywordSets = [], CustomKeywords = [], SystemModstamp = T0.AddSeconds(1) };
        await Store.Channels.ReplaceAsync(bare, channel.SystemModstamp, None).WithTimeout();
        var reread = await Store.Channels.GetAsync(channel.Id, None).WithTimeout();
        Assert.Empty(reread!.KeywordSets);
        Assert.Empty(reread.CustomKeywords);
    }

    [Fact]
    public async Task Channel_UnknownId_ReadsAsNull()
    {
        Assert.Null(await Store.Channels.GetAsync(SalesforceId.NewId(KeyPrefixes.MessagingChannel), None).WithTimeout());
    }

    [Fact]
    public async Task Channel_InsertWithTakenDeveloperName_FailsWithDuplicateValue()
    {
        var first = Channel();
        await Store.Channels.InsertAsync(first, None).WithTimeout();

        var error = await Assert.ThrowsAsync<DomainException>(() => Store.Channels.InsertAsync(Channel(first.DeveloperName.ToUpperInvariant()), None)).WithTimeout();

        AssertError(error, ErrorKind.AlreadyExists, ErrorCodes.DuplicateValue, "DeveloperName");
    }

    [Fact]
    public async Task Channel_InsertedTwiceWithOneId_FailsWithDuplicateValue()
    {
        var channel = Channel();
        await Store.Channels.InsertAsync(channel, None).WithTimeout();

        var error = await Assert.ThrowsAsync<DomainException>(() => Store.Channels.InsertAsync(channel with { DeveloperName = "Other_" + channel.Id }, None)).WithTimeout();

        AssertError(error, ErrorKind.AlreadyExists, ErrorCodes.DuplicateValue, "Id");
    }

    [Fact]
    public async Task Channel_ReplaceWithTheModstampItRead_Applies()
    {
        var channel = Channel();
        await Store.Channels.InsertAsync(channel, None).WithTimeout();
        var updated = channel with { MasterLabel = "Renamed", MarketingKeywords = ["PROMO"], SystemModstamp = T0.AddSeconds(1) };

        await Store.Channels.ReplaceAsync(updated, channel.SystemModstamp, None).WithTimeout();

        AssertSameChannel(updated, (await Store.Channels.GetAsync(channel.Id, None).WithTimeout())!);
    }

    [Fact]
    public async Task Channel_ReplaceWithStaleModstamp_FailsAbortedAndWritesNothing()
    {
        var channel = Channel();
        await Store.Channels.InsertAsync(channel, None).WithTimeout();

        var error = await Assert.ThrowsAsync<DomainException>(() => Store.Channels.ReplaceAsync(channel with { MasterLabel = "X" }, T0.AddDays(-1), None)).WithTimeout();

        AssertError(error, ErrorKind.Aborted, ErrorCodes.EntityFailedIfLastModifiedOnUpdate, "SystemModstamp");
        Assert.Equal(channel.MasterLabel, (await Store.Channels.GetAsync(channel.Id, None).WithTimeout())!.MasterLabel);
    }

    [Fact]
    public async Task Channel_ReplaceOfMissingChannel_FailsNotFound()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Store.Channels.ReplaceAsync(Channel(), T0, None)).WithTimeout();

        AssertError(error, ErrorKind.NotFound, ErrorCodes.NotFound, "Id");
    }

    [Fact]
    public async Task Channel_RenamedToTakenDeveloperName_FailsDuplicateAndKeepsItsName()
    {
        var first = Channel();
        var second = Channel();
        await Store.Channels.InsertAsync(first, None).WithTimeout();
        await Store.Channels.InsertAsync(second, None).WithTimeout();

        var error = await Assert.ThrowsAsync<DomainException>(() => Store.Channels.ReplaceAsync(second with { DeveloperName = first.DeveloperName, SystemModstamp = T0.AddSeconds(1) }, T0, None)).WithTimeout();

        AssertError(error, ErrorKind.AlreadyExists, ErrorCodes.DuplicateValue, "DeveloperName");
        Assert.Equal(second.DeveloperName, (await Store.Channels.GetAsync(second.Id, None).WithTimeout())!.DeveloperName);
    }

    [Fact]
    public async Task Channel_Renamed_FreesItsOldDeveloperName()
    {
        var channel = Channel();
        await Store.Channels.InsertAsync(channel, None).WithTimeout();
        await Store.Channels.ReplaceAsync(channel with { DeveloperName = "New_" + channel.Id, SystemModstamp = T0.AddSeconds(1) }, T0, None).WithTimeout();

        await Store.Channels.InsertAsync(Channel(channel.DeveloperName), None).WithTimeout();

        Assert.Equal("New_" + channel.Id, (await Store.Channels.GetAsync(channel.Id, None).WithTimeout())!.DeveloperName);
    }

    [Fact]
    public async Task Channel_ListedInPages_ComesInIdOrderWithoutGapsOrRepeats()
    {
        var inserted = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var channel = Channel();
            inserted.Add(channel.Id);
            await Store.Channels.InsertAsync(channel, None).WithTimeout();
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await Store.Channels.ListAsync(2, token, None).WithTimeout();
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(c => c.Id));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.All(inserted, id => Assert.Contains(id, seen));
    }

    // ---- usages ----

    [Fact]
    public async Task Usage_Inserted_IsReadByIdByChannelAndInTheFullList()
    {
        var channel = await NewChannelAsync();
        var usage = Usage(channel.Id, DeploymentType.Conversation) with { DisabledTime = null, ErrorReason = null };
        var mj = Usage(channel.Id, DeploymentType.MJ, DeploymentStatus.Error) with { ErrorReason = ErrorReason.InvalidSelection };
        await Store.Usages.InsertAsync(usage, None).WithTimeout();
        await Store.Usages.InsertAsync(mj, None).WithTimeout();

        Assert.Equal(usage, await Store.Usages.GetAsync(usage.Id, None).WithTimeout());
        Assert.Equal(mj, await Store.Usages.GetAsync(mj.Id, None).WithTimeout());
        var byChannel = await Store.Usages.ListByChannelAsync(channel.Id, None).WithTimeout();
        Assert.Equal(new[] { usage, mj }.OrderBy(u => u.Id, StringComparer.Ordinal), byChannel.OrderBy(u => u.Id, StringComparer.Ordinal));
        var all = await Store.Usages.ListAllAsync(None).WithTimeout();
        Assert.Contains(usage, all);
        Assert.Contains(mj, all);
    }

    [Fact]
    public async Task Usage_UnknownId_ReadsAsNull()
    {
        Assert.Null(await Store.Usages.GetAsync(SalesforceId.NewId(KeyPrefixes.MessagingChannelUsage), None).WithTimeout());
    }

    [Fact]
    public async Task Usage_SecondOfOneDeploymentType_FailsDuplicateValueOnDeploymentType()
    {
        var channel = await NewChannelAsync();
        await Store.Usages.InsertAsync(Usage(channel.Id, DeploymentType.MJ), None).WithTimeout();

        var error = await Assert.ThrowsAsync<DomainException>(() => Store.Usages.InsertAsync(Usage(channel.Id, DeploymentType.MJ), None)).WithTimeout();

        AssertError(error, ErrorKind.AlreadyExists, ErrorCodes.DuplicateValue, "DeploymentType");
        Assert.Single(await Store.Usages.ListByChannelAsync(channel.Id, None).WithTimeout());
    }

    [Fact]
    public async Task Usage_FourthOnAChannel_FailsDuplicateValue()
    {
        var channel = await NewChannelAsync();
        foreach (var type in Enum.GetValues<DeploymentType>())
        {
            await Store.Usages.InsertAsync(Usage(channel.Id, type), None).WithTimeout();
        }

        var error = await Assert.ThrowsAsync<DomainException>(() => Store.Usages.InsertAsync(Usage(channel.Id, DeploymentType.Conversation), None)).WithTimeout();

        AssertError(error, ErrorKind.AlreadyExists, ErrorCodes.DuplicateValue, "DeploymentType");
        Assert.Equal(3, (await Store.Usages.ListByChannelAsync(channel.Id, None).WithTimeout()).Count);
    }

    [Fact]
    public async Task Usage_ConcurrentInsertsOfOneType_ExactlyOneWins()
    {
        var channel = await NewChannelAsync();
        var attempts = Enumerable.Range(0, 6).Select(_ => Usage(channel.Id, DeploymentType.Conversation)).ToList();

        var outcomes = await Task.WhenAll(attempts.Select(async u =>
        {
            try
            {
                await Store.Usages.InsertAsync(u, None);
                return true;
            }
            catch (DomainException e) when (e.Code == ErrorCodes.DuplicateValue)
            {
                return false;
            }
        })).WithTimeout();

        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Single(await Store.Usages.ListByChannelAsync(channel.Id, None).WithTimeout());
    }

    [Fact]
    public async Task Usage_OnUnknownChannel_FailsInvalidCrossReferenceKey()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Store.Usages.InsertAsync(Usage(SalesforceId.NewId(KeyPrefixes.MessagingChannel), DeploymentType.MJ), None)).WithTimeout();

        AssertError(error, ErrorKind.InvalidArgument, ErrorCodes.InvalidCrossReferenceKey, "MessagingChannelId");
    }

    [Fact]
    public async Task Usage_ReplaceWithTheModstampItRead_Applies()
    {
        var channel = await NewChannelAsync();
        var usage = Usage(channel.Id, DeploymentType.MJ);
        await Store.Usages.InsertAsync(usage, None).WithTimeout();
        var updated = usage with { RoutingOverride = RoutingOverride.NonSessionMessages, ConsentType = null, SystemModstamp = T0.AddSeconds(1) };

        await Store.Usages.ReplaceAsync(updated, usage.SystemModstamp, None).WithTimeout();

        Assert.Equal(updated, await Store.Usages.GetAsync(usage.Id, None).WithTimeout());
    }

    [Fact]
    public async Task Usage_ReplaceWithStaleModstamp_FailsAbortedAndWritesNothing()
    {
        var channel = await NewChannelAsync();
        var usage = Usage(channel.Id, DeploymentType.MJ);
        await Store.Usages.InsertAsync(usage, None).WithTimeout();

        var error = await Assert.ThrowsAsync<DomainException>(() => Store.Usages.ReplaceAsync(usage with { DeploymentStatus = DeploymentStatus.Deprovisioning }, T0.AddTicks(-1), None)).WithTimeout();

        AssertError(error, ErrorKind.Aborted, ErrorCodes.EntityFailedIfLastModifiedOnUpdate, "SystemModstamp");
        Assert.Equal(usage, await Store.Usages.GetAsync(usage.Id, None).WithTimeout());
    }

    [Fact]
    public async Task Usage_ReplaceOfMissingUsage_FailsNotFound()
    {
        var channel = await NewChannelAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() => Store.Usages.ReplaceAsync(Usage(channel.Id, DeploymentType.MJ), T0, None)).WithTimeout();

        AssertError(error, ErrorKind.NotFound, ErrorCodes.NotFound, "Id");
    }

    [Fact]
    public async Task Usage_EightConcurrentWriters_EachWriteAppliesOrConflictsAndNoneIsLost()
    {
        var channel = await NewChannelAsync();
        var usage = Usage(channel.Id, DeploymentType.Conversation);
        await Store.Usages.InsertAsync(usage, None).WithTimeout();
        var applied = 0;
        var conflicts = 0;

        // Each writer reads, then writes SystemModstamp + 1 tick. Without lost updates the final
        // modstamp is the initial one plus exactly the number of applied writes.
        var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                var read = (await Store.Usages.GetAsync(usage.Id, None))!;
                try
                {
                    await Store.Usages.ReplaceAsync(read with { SystemModstamp = read.SystemModstamp.AddTicks(1), LastModifiedDate = read.SystemModstamp.AddTicks(1) }, read.SystemModstamp, None);
                    Interlocked.Increment(ref applied);
                }
                catch (DomainException e) when (e.Code == ErrorCodes.EntityFailedIfLastModifiedOnUpdate && e.Kind == ErrorKind.Aborted)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        }));
        await Task.WhenAll(writers).WithTimeout();

        Assert.Equal(8 * 15, applied + conflicts);
        Assert.True(applied >= 1);
        var final = (await Store.Usages.GetAsync(usage.Id, None).WithTimeout())!;
        Assert.Equal(T0.AddTicks(applied), final.SystemModstamp);
        Assert.Equal(final.SystemModstamp, final.LastModifiedDate);
    }

    // ---- channel state, versions and changes ----

    [Fact]
    public async Task State_LoadedInOneCall_HoldsChannelUsagesAndAGrowingVersion()
    {
        var channel = await NewChannelAsync();
        var before = (await Store.States.LoadAsync(channel.Id, None).WithTimeout())!;
        var usage = Usage(channel.Id, DeploymentType.Conversation);
        await Store.Usages.InsertAsync(usage, None).WithTimeout();

        var after = (await Store.States.LoadAsync(channel.Id, None).WithTimeout())!;

        AssertSameChannel(channel, after.Channel);
        Assert.Equal([usage], after.Usages);
        Assert.True(after.Version > before.Version);
        Assert.Empty(before.Usages);
    }

    [Fact]
    public async Task State_OfUnknownChannel_IsNull()
    {
        Assert.Null(await Store.States.LoadAsync(SalesforceId.NewId(KeyPrefixes.MessagingChannel), None).WithTimeout());
    }

    [Fact]
    public async Task Changes_EveryChannelAndUsageWrite_PublishesTheNewVersion()
    {
        var channel = Channel();
        var seen = new List<ChannelChange>();
        using var subscription = Store.Changes.Subscribe(change =>
        {
            lock (seen)
            {
                seen.Add(change);
            }
        });

        await Store.Channels.InsertAsync(channel, None).WithTimeout();
        var usage = Usage(channel.Id, DeploymentType.MJ);
        await Store.Usages.InsertAsync(usage, None).WithTimeout();
        await Store.Usages.ReplaceAsync(usage with { SystemModstamp = T0.AddSeconds(1) }, T0, None).WithTimeout();
        await Store.Channels.ReplaceAsync(channel with { SystemModstamp = T0.AddSeconds(1) }, T0, None).WithTimeout();
        var version = (await Store.States.LoadAsync(channel.Id, None).WithTimeout())!.Version;

        Assert.True(await TaskTimeouts.Eventually(() =>
        {
            lock (seen)
            {
                return seen.Any(c => c.ChannelId == channel.Id && c.Version == version);
            }
        }));
        lock (seen)
        {
            var versions = seen.Where(c => c.ChannelId == channel.Id).Select(c => c.Version).Distinct().ToList();
            Assert.Equal(4, versions.Count);
        }
    }

    // ---- end users ----

    [Fact]
    public async Task EndUser_NeverSeen_HasTheUnknownState()
    {
        var channel = await NewChannelAsync();

        Assert.Equal(EndUserState.Unknown, await Store.EndUsers.GetStateAsync(channel.Id, PlatformKey(), None).WithTimeout());
        Assert.Null(await Store.EndUsers.GetAsync(channel.Id, PlatformKey(), None).WithTimeout());
    }

    [Fact]
    public async Task EndUsers_ReadTogether_AnswerInTheOrderGivenWhatEachOwnReadAnswers()
    {
        var channel = await NewChannelAsync();
        var other = await NewChannelAsync();
        var optedOut = PlatformKey();
        var withSession = PlatformKey();
        await Store.EndUsers.ApplyAsync(channel.Id, optedOut, null, new EndUserEffects(ConsentStatus.OptedOut, null, "es"), T0, None).WithTimeout();
        await Store.EndUsers.ApplyAsync(
            other.Id, withSession, EndUserState.Unknown, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated), T0, None).WithTimeout();
        EndUserRef[] endUsers =
        [
            new(other.Id, withSession),
            new(channel.Id, PlatformKey()),
            new(channel.Id, optedOut),
            new(SalesforceId.NewId(KeyPrefixes.MessagingChannel), optedOut),
        ];

        var together = await Store.EndUsers.GetStatesAsync(endUsers, None).WithTimeout();

        var oneByOne = new List<EndUserState>();
        foreach (var endUser in endUsers)
        {
            oneByOne.Add(await Store.EndUsers.GetStateAsync(endUser.ChannelId, endUser.PlatformKey, None).WithTimeout());
        }

        Assert.Equal(oneByOne, together);
        Assert.Equal([true, false, true, false], together.Select(state => state.Exists));
        Assert.True(together[0].HasOpenSession);
        Assert.Equal(ConsentStatus.OptedOut, together[2].ConsentStatus);
        Assert.Empty(await Store.EndUsers.GetStatesAsync([], None).WithTimeout());
    }

    [Fact]
    public async Task EndUser_UnconditionalApply_CreatesTheEndUserWithConsent()
    {
        var channel = await NewChannelAsync();
        var key = PlatformKey();

        var result = await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0, None).WithTimeout();

        Assert.True(result.Applied);
        Assert.True(SalesforceId.TryNormalize(result.State.EndUserId, out var id18, out _, KeyPrefixes.MessagingEndUser));
        Assert.Equal(result.State.EndUserId, id18);
        Assert.Equal(ConsentStatus.OptedOut, result.State.ConsentStatus);
        Assert.False(result.State.HasOpenSession);
        Assert.Equal(result.State, await Store.EndUsers.GetStateAsync(channel.Id, key, None).WithTimeout());
        var record = (await Store.EndUsers.GetAsync(channel.Id, key, None).WithTimeout())!;
        Assert.Equal(new MessagingEndUser { Id = id18!, MessagingChannelId = channel.Id, MessagingPlatformKey = key, ConsentStatus = ConsentStatus.OptedOut }, record);
    }

    [Fact]
    public async Task EndUser_PreferredLanguage_IsRecordedKeptAndReplaced()
    {
        var channel = await NewChannelAsync();
        var key = PlatformKey();

        var first = await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.OptedOut, null, "es"), T0, None).WithTimeout();
        var kept = await Store.EndUsers.ApplyAsync(channel.Id, key, first.State, new EndUserEffects(ConsentStatus.ExplicitlyOptedIn, null), T0.AddSeconds(1), None).WithTimeout();
        var replaced = await Store.EndUsers.ApplyAsync(channel.Id, key, kept.State, new EndUserEffects(null, null, "pt-BR"), T0.AddSeconds(2), None).WithTimeout();

        Assert.Equal("es", first.State.PreferredLanguage);
        Assert.Equal(("es", ConsentStatus.ExplicitlyOptedIn), (kept.State.PreferredLanguage, kept.State.ConsentStatus));
        Assert.True(replaced.Applied);
        Assert.Equal("pt-BR", replaced.State.PreferredLanguage);
        Assert.Equal(replaced.State, await Store.EndUsers.GetStateAsync(channel.Id, key, None).WithTimeout());
        Assert.Equal("pt-BR", (await Store.EndUsers.GetAsync(channel.Id, key, None).WithTimeout())!.PreferredLanguage);
    }

    [Fact]
    public async Task EndUser_WithoutALanguage_ReadsAsNull()
    {
        var channel = await NewChannelAsync();
        var key = PlatformKey();

        var result = await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, null), T0, None).WithTimeout();

        Assert.Null(result.State.PreferredLanguage);
        Assert.Null((await Store.EndUsers.GetAsync(channel.Id, key, None).WithTimeout())!.PreferredLanguage);
    }

    [Fact]
    public async Task EndUser_ApplyWithSession_OpensOneNewSessionAndReusesItNextTime()
    {
        var channel = await NewChannelAsync();
        var key = PlatformKey();
        var effects = new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated);

        var first = await Store.EndUsers.ApplyAsync(channel.Id, key, EndUserState.Unknown, effects, T0, None).WithTimeout();
        var second = await Store.EndUsers.ApplyAsync(channel.Id, key, first.State, effects, T0.AddMinutes(1), None).WithTimeout();

        Assert.True(first.Applied);
        Assert.True(second.Applied);
        Assert.True(first.State.HasOpenSession);
        Assert.Equal(SessionStatus.New, first.State.OpenSessionStatus);
        Assert.Equal(first.State.OpenSessionId, second.State.OpenSessionId);
        Assert.True(SalesforceId.TryNormalize(first.State.OpenSessionId, out _, out _, KeyPrefixes.MessagingSession));
        var session = (await Store.Sessions.GetAsync(first.State.OpenSessionId!, None).WithTimeout())!;
        Assert.Equal(
            new MessagingSession
            {
                Id = first.State.OpenSessionId!,
                MessagingChannelId = channel.Id,
                MessagingEndUserId = first.State.EndUserId!,
                Status = SessionStatus.New,
                Origin = SessionOrigin.InboundInitiated,
                StartTime = T0,
            },
            session);
    }

    [Fact]
    public async Task EndUser_ApplyWhenStateChangedSinceRead_WritesNothingAndReturnsTheCurrentState()
    {
        var channel = await NewChannelAsync();
        var key = PlatformKey();
        var stale = await Store.EndUsers.GetStateAsync(channel.Id, key, None).WithTimeout();
        var optOut = await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0, None).WithTimeout();

        var result = await Store.EndUsers.ApplyAsync(channel.Id, key, stale, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated), T0, None).WithTimeout();

        Assert.False(result.Applied);
        Assert.Equal(optOut.State, result.State);
        Assert.Equal(optOut.State, await Store.EndUsers.GetStateAsync(channel.Id, key, None).WithTimeout());
        var sessions = await Store.Sessions.ListAsync(new SessionQuery(channel.Id), None).WithTimeout();
        Assert.Empty(sessions.Items);
    }

    [Fact]
    public async Task EndUser_AnOlderOptInArrivingLate_DoesNotUndoANewerOptOut()
    {
        var channel = await NewChannelAsync();
        var key = PlatformKey();
        await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0.AddSeconds(2), None).WithTimeout();

        var late = await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.ExplicitlyOptedIn, null), T0.AddSeconds(1), None).WithTimeout();

        Assert.Equal(ConsentStatus.OptedOut, late.State.ConsentStatus);
        Assert.Equal(ConsentStatus.OptedOut, (await Store.EndUsers.GetStateAsync(channel.Id, key, None).WithTimeout()).ConsentStatus);
    }

    [Fact]
    public async Task EndUser_AnOlderOptOutArrivingLate_DoesNotUndoANewerOptIn()
    {
        var channel = await NewChannelAsync();
        var key = PlatformKey();
        await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.ExplicitlyOptedIn, null), T0.AddSeconds(2), None).WithTimeout();

        var late = await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0.AddSeconds(1), None).WithTimeout();

        Assert.Equal(ConsentStatus.ExplicitlyOptedIn, late.State.ConsentStatus);
    }

    [Fact]
    public async Task EndUser_ARepeatedOptOut_MovesTheConsentTimeSoAnOptInOlderThanItIsSkipped()
    {
        var channel = await NewChannelAsync();
        var key = PlatformKey();
        await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0, None).WithTimeout();
        await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0.AddSeconds(3), None).WithTimeout();

        var late = await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.ExplicitlyOptedIn, null), T0.AddSeconds(2), None).WithTimeout();

        Assert.Equal(ConsentStatus.OptedOut, late.State.ConsentStatus);
    }

    [Fact]
    public async Task EndUser_OptInAndOptOutAtTheSameInstant_OptOutWins()
    {
        var channel = await NewChannelAsync();
        var key = PlatformKey();
        await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0, None).WithTimeout();

        var tie = await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.ExplicitlyOptedIn, null), T0, None).WithTimeout();
        var optOutAgain = await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0, None).WithTimeout();

        Assert.Equal(ConsentStatus.OptedOut, tie.State.ConsentStatus);
        Assert.Equal(ConsentStatus.OptedOut, optOutAgain.State.ConsentStatus);
    }

    [Fact]
    public async Task EndUser_ALateConsentChange_StillOpensTheSessionItCarries()
    {
        var channel = await NewChannelAsync();
        var key = PlatformKey();
        await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.OptedOut, null), T0.AddSeconds(2), None).WithTimeout();

        var late = await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated), T0.AddSeconds(1), None).WithTimeout();

        Assert.True(late.Applied);
        Assert.True(late.State.HasOpenSession);
        Assert.Equal(ConsentStatus.OptedOut, late.State.ConsentStatus);
    }

    [Fact]
    public async Task EndUser_ConcurrentFirstMessages_OpenExactlyOneSession()
    {
        var channel = await NewChannelAsync();
        var key = PlatformKey();
        var effects = new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store.EndUsers.ApplyAsync(channel.Id, key, EndUserState.Unknown, effects, T0, None)))).WithTimeout();

        Assert.Equal(1, results.Count(r => r.Applied));
        Assert.Single(results.Select(r => r.State.OpenSessionId).Distinct());
        Assert.Single((await Store.Sessions.ListAsync(new SessionQuery(channel.Id), None).WithTimeout()).Items);
    }

    [Fact]
    public async Task EndUser_ApplyOnUnknownChannel_FailsNotFound()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Store.EndUsers.ApplyAsync(SalesforceId.NewId(KeyPrefixes.MessagingChannel), PlatformKey(), null, new EndUserEffects(ConsentStatus.OptedOut, null), T0, None)).WithTimeout();

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    // ---- sessions ----

    [Fact]
    public async Task Session_MovedBetweenOpenStatuses_StaysTheEndUsersOpenSession()
    {
        var (channel, key, state) = await EndUserWithSessionAsync();

        var session = await Store.Sessions.UpdateStatusAsync(state.OpenSessionId!, SessionStatus.Active, null, T0.AddMinutes(1), None).WithTimeout();

        Assert.Equal(SessionStatus.Active, session.Status);
        Assert.Null(session.EndTime);
        var now = await Store.EndUsers.GetStateAsync(channel.Id, key, None).WithTimeout();
        Assert.Equal(state with { OpenSessionStatus = SessionStatus.Active }, now);
    }

    [Fact]
    public async Task Session_Ended_SetsEndTimeAndClearsTheOpenPointerSoTheNextMessageOpensAnother()
    {
        var (channel, key, state) = await EndUserWithSessionAsync();

        var ended = await Store.Sessions.UpdateStatusAsync(state.OpenSessionId!, SessionStatus.Ended, "Agent closed", T0.AddMinutes(5), None).WithTimeout();

        Assert.Equal(SessionStatus.Ended, ended.Status);
        Assert.Equal(T0.AddMinutes(5), ended.EndTime);
        Assert.Equal("Agent closed", ended.EndReason);
        Assert.Equal(ended, await Store.Sessions.GetAsync(ended.Id, None).WithTimeout());
        var after = await Store.EndUsers.GetStateAsync(channel.Id, key, None).WithTimeout();
        Assert.False(after.HasOpenSession);
        Assert.Null(after.OpenSessionId);
        Assert.Null((await Store.EndUsers.GetAsync(channel.Id, key, None).WithTimeout())!.OpenSessionId);
        var next = await Store.EndUsers.ApplyAsync(channel.Id, key, after, new EndUserEffects(null, SessionOrigin.InboundInitiated), T0.AddMinutes(6), None).WithTimeout();
        Assert.True(next.Applied);
        Assert.NotEqual(state.OpenSessionId, next.State.OpenSessionId);
    }

    [Fact]
    public async Task Session_ClosedAsError_CannotBeReopened()
    {
        var (_, _, state) = await EndUserWithSessionAsync();
        await Store.Sessions.UpdateStatusAsync(state.OpenSessionId!, SessionStatus.Error, null, T0, None).WithTimeout();

        var error = await Assert.ThrowsAsync<DomainException>(() => Store.Sessions.UpdateStatusAsync(state.OpenSessionId!, SessionStatus.Active, null, T0, None)).WithTimeout();

        AssertError(error, ErrorKind.FailedPrecondition, ErrorCodes.FieldIntegrityException, "Status");
    }

    [Fact]
    public async Task Session_UpdateOfMissingSession_FailsNotFound()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Store.Sessions.UpdateStatusAsync(SalesforceId.NewId(KeyPrefixes.MessagingSession), SessionStatus.Ended, null, T0, None)).WithTimeout();

        AssertError(error, ErrorKind.NotFound, ErrorCodes.NotFound, "Id");
        Assert.Null(await Store.Sessions.GetAsync(SalesforceId.NewId(KeyPrefixes.MessagingSession), None).WithTimeout());
    }

    [Fact]
    public async Task Session_EndOpenSessions_EndsEachOpenSessionOnceAndClearsPointers()
    {
        var channel = await NewChannelAsync();
        var keys = Enumerable.Range(0, 4).Select(_ => PlatformKey()).Distinct().ToList();
        foreach (var key in keys)
        {
            await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated), T0, None).WithTimeout();
        }

        var alreadyEnded = (await Store.EndUsers.GetStateAsync(channel.Id, keys[0], None).WithTimeout()).OpenSessionId!;
        await Store.Sessions.UpdateStatusAsync(alreadyEnded, SessionStatus.Ended, "Done", T0.AddMinutes(1), None).WithTimeout();

        var first = await Store.Sessions.EndOpenSessionsAsync(channel.Id, MessagingSession.ChannelDisabledEndReason, T0.AddHours(48), None).WithTimeout();
        var second = await Store.Sessions.EndOpenSessionsAsync(channel.Id, MessagingSession.ChannelDisabledEndReason, T0.AddHours(49), None).WithTimeout();

        Assert.Equal(keys.Count - 1, first);
        Assert.Equal(0, second);
        var sessions = (await Store.Sessions.ListAsync(new SessionQuery(channel.Id), None).WithTimeout()).Items;
        Assert.Equal(keys.Count, sessions.Count);
        Assert.All(sessions, s => Assert.Equal(SessionStatus.Ended, s.Status));
        Assert.Equal(keys.Count - 1, sessions.Count(s => s.EndReason == MessagingSession.ChannelDisabledEndReason && s.EndTime == T0.AddHours(48)));
        foreach (var key in keys)
        {
            Assert.False((await Store.EndUsers.GetStateAsync(channel.Id, key, None).WithTimeout()).HasOpenSession);
        }
    }

    [Fact]
    public async Task Session_EndOpenSessionsOnTwoCallersAtOnce_EndsEachSessionExactlyOnce()
    {
        var channel = await NewChannelAsync();
        for (var i = 0; i < 20; i++)
        {
            await Store.EndUsers.ApplyAsync(channel.Id, "key-" + i, null, new EndUserEffects(null, SessionOrigin.InboundInitiated), T0, None).WithTimeout();
        }

        var counts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Store.Sessions.EndOpenSessionsAsync(channel.Id, "ChannelDisabled", T0, None)))).WithTimeout();

        Assert.Equal(20, counts.Sum());
    }

    [Fact]
    public async Task Session_ListedWithFilters_ReturnsOnlyMatchingSessionsInPages()
    {
        var channel = await NewChannelAsync();
        var ids = new List<string>();
        string? endUserOfFirst = null;
        for (var i = 0; i < 5; i++)
        {
            var r = await Store.EndUsers.ApplyAsync(channel.Id, "key-" + i, null, new EndUserEffects(null, SessionOrigin.AgentInitiated), T0, None).WithTimeout();
            ids.Add(r.State.OpenSessionId!);
            endUserOfFirst ??= r.State.EndUserId;
        }

        await Store.Sessions.UpdateStatusAsync(ids[0], SessionStatus.Ended, null, T0, None).WithTimeout();
        await Store.Sessions.UpdateStatusAsync(ids[1], SessionStatus.Active, null, T0, None).WithTimeout();

        var open = await ListAllAsync(new SessionQuery(channel.Id, OpenOnly: true, PageSize: 2));
        var active = await ListAllAsync(new SessionQuery(channel.Id, Statuses: [SessionStatus.Active, SessionStatus.Ended], PageSize: 1));
        var ofFirst = await ListAllAsync(new SessionQuery(channel.Id, EndUserId: endUserOfFirst));

        Assert.Equal(ids.Skip(1).Order(StringComparer.Ordinal), open.Select(s => s.Id));
        Assert.Equal(new[] { ids[0], ids[1] }.Order(StringComparer.Ordinal), active.Select(s => s.Id));
        Assert.Equal([ids[0]], ofFirst.Select(s => s.Id));
    }

    // ---- the auto-end schedule ----

    [Fact]
    public async Task Schedule_EntryBeforeItsDueTime_IsNotClaimed_AndAtItIsClaimedOnce()
    {
        var entry = new DisableEntry(SalesforceId.NewId(KeyPrefixes.MessagingChannelUsage), SalesforceId.NewId(KeyPrefixes.MessagingChannel), T0, T0 + Grace);
        await Store.Schedule.ScheduleAsync(entry, None).WithTimeout();

        var early = await Store.Schedule.ClaimDueAsync(T0 + Grace - TimeSpan.FromSeconds(1), 100, None).WithTimeout();
        var due = await Store.Schedule.ClaimDueAsync(T0 + Grace, 100, None).WithTimeout();
        var again = await Store.Schedule.ClaimDueAsync(T0 + Grace, 100, None).WithTimeout();

        Assert.DoesNotContain(entry, early);
        Assert.Contains(entry, due);
        Assert.DoesNotContain(entry, again);
    }

    [Fact]
    public async Task Schedule_ClaimedButNotCompleted_IsClaimableAgainAfterTheLease()
    {
        var entry = new DisableEntry(SalesforceId.NewId(KeyPrefixes.MessagingChannelUsage), SalesforceId.NewId(KeyPrefixes.MessagingChannel), T0, T0);
        await Store.Schedule.ScheduleAsync(entry, None).WithTimeout();
        Assert.Contains(entry, await Store.Schedule.ClaimDueAsync(T0, 1000, None).WithTimeout());

        var duringLease = await Store.Schedule.ClaimDueAsync(T0 + IDisableSchedule.ClaimLease - TimeSpan.FromSeconds(1), 1000, None).WithTimeout();
        var afterLease = await Store.Schedule.ClaimDueAsync(T0 + IDisableSchedule.ClaimLease, 1000, None).WithTimeout();

        Assert.DoesNotContain(entry, duringLease);
        Assert.Contains(entry, afterLease);
    }

    [Fact]
    public async Task Schedule_CompletedEntry_IsNeverClaimedAgain_ButAReplacementSurvivesCompletion()
    {
        var usageId = SalesforceId.NewId(KeyPrefixes.MessagingChannelUsage);
        var channelId = SalesforceId.NewId(KeyPrefixes.MessagingChannel);
        var completed = new DisableEntry(usageId, channelId, T0, T0);
        var other = new DisableEntry(SalesforceId.NewId(KeyPrefixes.MessagingChannelUsage), channelId, T0, T0);
        await Store.Schedule.ScheduleAsync(completed, None).WithTimeout();
        await Store.Schedule.ScheduleAsync(other, None).WithTimeout();
        await Store.Schedule.ClaimDueAsync(T0, 1000, None).WithTimeout();
        var replacement = new DisableEntry(other.UsageId, channelId, T0.AddHours(1), T0.AddHours(1));
        await Store.Schedule.ScheduleAsync(replacement, None).WithTimeout();

        await Store.Schedule.CompleteAsync(completed, None).WithTimeout();
        await Store.Schedule.CompleteAsync(other, None).WithTimeout();

        var later = await Store.Schedule.ClaimDueAsync(T0.AddYears(1), 1000, None).WithTimeout();
        Assert.DoesNotContain(completed, later);
        Assert.Contains(replacement, later);
    }

    [Fact]
    public async Task Schedule_CancelledEntry_IsNeverClaimed()
    {
        var entry = new DisableEntry(SalesforceId.NewId(KeyPrefixes.MessagingChannelUsage), SalesforceId.NewId(KeyPrefixes.MessagingChannel), T0, T0);
        await Store.Schedule.ScheduleAsync(entry, None).WithTimeout();

        await Store.Schedule.CancelAsync(entry, None).WithTimeout();

        Assert.DoesNotContain(entry, await Store.Schedule.ClaimDueAsync(T0.AddYears(1), 1000, None).WithTimeout());
    }

    [Fact]
    public async Task Schedule_CancelOfAReplacedEntry_KeepsTheNewerEntry()
    {
        var usageId = SalesforceId.NewId(KeyPrefixes.MessagingChannelUsage);
        var channelId = SalesforceId.NewId(KeyPrefixes.MessagingChannel);
        var first = new DisableEntry(usageId, channelId, T0, T0 + Grace);
        var second = new DisableEntry(usageId, channelId, T0.AddHours(1), T0.AddHours(1) + Grace);
        await Store.Schedule.ScheduleAsync(first, None).WithTimeout();
        await Store.Schedule.ScheduleAsync(second, None).WithTimeout();

        await Store.Schedule.CancelAsync(first, None).WithTimeout();

        Assert.Contains(second, await Store.Schedule.ClaimDueAsync(T0.AddYears(1), 1000, None).WithTimeout());
    }

    [Fact]
    public async Task Schedule_ConcurrentClaimers_GetEachEntryExactlyOnce()
    {
        var channelId = SalesforceId.NewId(KeyPrefixes.MessagingChannel);
        var entries = Enumerable.Range(0, 40)
            .Select(i => new DisableEntry(SalesforceId.NewId(KeyPrefixes.MessagingChannelUsage), channelId, T0.AddMinutes(-i), T0.AddMinutes(-i)))
            .ToList();
        foreach (var entry in entries)
        {
            await Store.Schedule.ScheduleAsync(entry, None).WithTimeout();
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var mine = new List<DisableEntry>();
            while (true)
            {
                var batch = await Store.Schedule.ClaimDueAsync(T0, 3, None);
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch);
            }
        }))).WithTimeout();

        var claimed = claims.SelectMany(c => c).Where(e => e.ChannelId == channelId).ToList();
        Assert.Equal(entries.Count, claimed.Count);
        Assert.Equal(entries.OrderBy(e => e.UsageId, StringComparer.Ordinal), claimed.OrderBy(e => e.UsageId, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Schedule_ConversationUsageEnteringDisabled_IsScheduledAtDisabledTimePlusGrace()
    {
        var channel = await NewChannelAsync();
        var usage = Usage(channel.Id, DeploymentType.Conversation, DeploymentStatus.Deprovisioning);
        await Store.Usages.InsertAsync(usage, None).WithTimeout();
        var disabledAt = T0.AddDays(3);

        await Store.Usages.ReplaceAsync(usage with { DeploymentStatus = DeploymentStatus.Disabled, DisabledTime = disabledAt, SystemModstamp = disabledAt }, usage.SystemModstamp, None).WithTimeout();

        var claimed = await Store.Schedule.ClaimDueAsync(disabledAt + Grace, 1000, None).WithTimeout();
        Assert.Contains(new DisableEntry(usage.Id, channel.Id, disabledAt, disabledAt + Grace), claimed);
    }

    [Fact]
    public async Task Schedule_ConversationUsageLeavingDisabled_IsCancelledByTheStore_AndADisableAgainIsScheduledAgain()
    {
        var channel = await NewChannelAsync();
        var disabledAt = T0.AddDays(3);
        var usage = Usage(channel.Id, DeploymentType.Conversation, DeploymentStatus.Deprovisioning);
        await Store.Usages.InsertAsync(usage, None).WithTimeout();
        var disabled = usage with { DeploymentStatus = DeploymentStatus.Disabled, DisabledTime = disabledAt, SystemModstamp = disabledAt };
        await Store.Usages.ReplaceAsync(disabled, usage.SystemModstamp, None).WithTimeout();

        var provisioning = disabled with { DeploymentStatus = DeploymentStatus.Provisioning, DisabledTime = null, SystemModstamp = disabledAt.AddMinutes(1) };
        await Store.Usages.ReplaceAsync(provisioning, disabled.SystemModstamp, None).WithTimeout();
        var afterLeaving = await Store.Schedule.ClaimDueAsync(T0.AddYears(1), 1000, None).WithTimeout();

        var disabledAgainAt = disabledAt.AddMinutes(2);
        var disabledAgain = provisioning with { DeploymentStatus = DeploymentStatus.Disabled, DisabledTime = disabledAgainAt, SystemModstamp = disabledAgainAt };
        await Store.Usages.ReplaceAsync(disabledAgain, provisioning.SystemModstamp, None).WithTimeout();
        var afterDisablingAgain = await Store.Schedule.ClaimDueAsync(T0.AddYears(1), 1000, None).WithTimeout();

        Assert.DoesNotContain(afterLeaving, e => e.UsageId == usage.Id);
        Assert.Contains(new DisableEntry(usage.Id, channel.Id, disabledAgainAt, disabledAgainAt + Grace), afterDisablingAgain);
    }

    // ---- helpers ----

    protected async Task<MessagingChannel> NewChannelAsync()
    {
        var channel = Channel();
        await Store.Channels.InsertAsync(channel, None).WithTimeout();
        return channel;
    }

    private async Task<(MessagingChannel Channel, string Key, EndUserState State)> EndUserWithSessionAsync()
    {
        var channel = await NewChannelAsync();
        var key = PlatformKey();
        var result = await Store.EndUsers.ApplyAsync(channel.Id, key, null, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated), T0, None).WithTimeout();
        return (channel, key, result.State);
    }

    private async Task<List<MessagingSession>> ListAllAsync(SessionQuery query)
    {
        var all = new List<MessagingSession>();
        var token = query.PageToken;
        do
        {
            var page = await Store.Sessions.ListAsync(query with { PageToken = token }, None).WithTimeout();
            Assert.True(page.Items.Count <= query.PageSize);
            all.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);
        return all;
    }

    private static void AssertError(DomainException error, ErrorKind kind, string code, string? field)
    {
        Assert.Equal(kind, error.Kind);
        Assert.Equal(code, error.Code);
        Assert.Equal(field, error.Errors[0].Field);
    }

    /// <summary>Records hold ImmutableArrays (compared by reference), so compare lists by content.</summary>
    protected static void AssertSameChannel(MessagingChannel expected, MessagingChannel actual)
    {
        Assert.Equal(expected.KeywordSets.Select(Describe), actual.KeywordSets.Select(Describe));
        Assert.Equal(expected.CustomKeywords.ToArray(), actual.CustomKeywords.ToArray());
        expected = expected with { KeywordSets = [], CustomKeywords = [] };
        actual = actual with { KeywordSets = [], CustomKeywords = [] };
        Assert.Equal(expected.OptInKeywords.ToArray(), actual.OptInKeywords.ToArray());
        Assert.Equal(expected.DoubleOptInKeywords.ToArray(), actual.DoubleOptInKeywords.ToArray());
        Assert.Equal(expected.OptOutKeywords.ToArray(), actual.OptOutKeywords.ToArray());
        Assert.Equal(expected.HelpKeywords.ToArray(), actual.HelpKeywords.ToArray());
        Assert.Equal(expected.MarketingKeywords.ToArray(), actual.MarketingKeywords.ToArray());
        Assert.Equal(
            expected with { OptInKeywords = [], DoubleOptInKeywords = [], OptOutKeywords = [], HelpKeywords = [], MarketingKeywords = [] },
            actual with { OptInKeywords = [], DoubleOptInKeywords = [], OptOutKeywords = [], HelpKeywords = [], MarketingKeywords = [] });
    }

    /// <summary>Every field of a keyword set in one string (its lists are arrays, compared by reference in the record).</summary>
    private static string Describe(KeywordSet set)
        => string.Join(
            " | ",
            set.Language,
            string.Join(",", set.OptInKeywords),
            string.Join(",", set.DoubleOptInKeywords),
            string.Join(",", set.OptOutKeywords),
            string.Join(",", set.HelpKeywords),
            string.Join(",", set.MarketingKeywords),
            set.OptInPrompt,
            set.DoubleOptInPrompt,
            set.OptInConfirmation,
            set.OptOutConfirmation,
            set.HelpResponse);
}
