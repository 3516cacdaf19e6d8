using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Memory;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.Store.Sessions;
using MessagingChannelUsage.Store.Tests.Contract;
using MessagingChannelUsage.Store.Tests.Redis;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Sessions;

/// <summary>The session auto-end (domain.md §3) on fake time, against each store.</summary>
public abstract class SessionReaperTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected FakeTimeProvider Time { get; } = new(T0);

    protected static StoreOptions ReaperOptions => new() { SessionGrace = TimeSpan.FromHours(48), ReaperInterval = TimeSpan.FromMinutes(1) };

    protected abstract StoreUnderTest Store { get; }

    [Fact]
    public async Task Reaper_Before48Hours_EndsNothing_AndAfterThemEndsEveryOpenSession()
    {
        var (channel, usage, sessionIds) = await ChannelWithOpenSessionsAsync(3);
        await DisableAsync(usage);
        var reaper = NewReaper(Store);

        Time.Advance(TimeSpan.FromHours(47));
        Assert.Equal(0, await reaper.RunOnceAsync(None).WithTimeout());
        Assert.All(await SessionsAsync(sessionIds), s => Assert.True(s.IsOpen));

        Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(3, await reaper.RunOnceAsync(None).WithTimeout());
        Assert.All(await SessionsAsync(sessionIds), s =>
        {
            Assert.Equal(SessionStatus.Ended, s.Status);
            Assert.Equal(MessagingSession.ChannelDisabledEndReason, s.EndReason);
            Assert.Equal(Time.GetUtcNow(), s.EndTime);
        });
        Assert.Equal(0, await reaper.RunOnceAsync(None).WithTimeout());
        Assert.Equal(channel.Id, (await SessionsAsync(sessionIds))[0].MessagingChannelId);
    }

    [Fact]
    public async Task Reaper_UsageReEnabledBeforeTheGraceEnds_EndsNothing()
    {
        var (_, usage, sessionIds) = await ChannelWithOpenSessionsAsync(2);
        var disabled = await DisableAsync(usage);
        Time.Advance(TimeSpan.FromHours(24));
        await Store.Usages.ReplaceAsync(disabled with { DeploymentStatus = DeploymentStatus.Provisioning, DisabledTime = null, SystemModstamp = Time.GetUtcNow() }, disabled.SystemModstamp, None).WithTimeout();
        var reaper = NewReaper(Store);

        Time.Advance(TimeSpan.FromHours(25));

        Assert.Equal(0, await reaper.RunOnceAsync(None).WithTimeout());
        Assert.All(await SessionsAsync(sessionIds), s => Assert.True(s.IsOpen));
    }

    [Fact]
    public async Task Reaper_UsageDisabledAgainLater_EndsSessionsAtTheNewDeadlineOnly()
    {
        var (_, usage, sessionIds) = await ChannelWithOpenSessionsAsync(1);
        var disabled = await DisableAsync(usage);
        Time.Advance(TimeSpan.FromHours(10));
        var reEnabled = disabled with { DeploymentStatus = DeploymentStatus.Provisioning, DisabledTime = null, SystemModstamp = Time.GetUtcNow() };
        await Store.Usages.ReplaceAsync(reEnabled, disabled.SystemModstamp, None).WithTimeout();
        await DisableAsync(reEnabled);
        var reaper = NewReaper(Store);

        Time.Advance(TimeSpan.FromHours(40));
        Assert.Equal(0, await reaper.RunOnceAsync(None).WithTimeout());

        Time.Advance(TimeSpan.FromHours(9));
        Assert.Equal(1, await reaper.RunOnceAsync(None).WithTimeout());
        Assert.All(await SessionsAsync(sessionIds), s => Assert.False(s.IsOpen));
    }

    [Fact]
    public async Task Reaper_AsHostedService_EndsSessionsOnItsPeriodicTick()
    {
        var (_, usage, sessionIds) = await ChannelWithOpenSessionsAsync(2);
        await DisableAsync(usage);
        using var reaper = NewReaper(Store);
        await reaper.StartAsync(None).WithTimeout();

        Time.Advance(TimeSpan.FromHours(48) + TimeSpan.FromMinutes(1));

        var allEnded = await TaskTimeouts.EventuallyAsync(async () => (await SessionsAsync(sessionIds)).All(s => !s.IsOpen));
        await reaper.StopAsync(None).WithTimeout();
        Assert.True(allEnded);
    }

    protected DisabledChannelSessionReaper NewReaper(StoreUnderTest store) => new(
        store.Schedule, store.Usages, store.Sessions, Options.Create(ReaperOptions), Time, NullLogger<DisabledChannelSessionReaper>.Instance);

    protected async Task<(MessagingChannel Channel, ChannelUsage Usage, List<string> SessionIds)> ChannelWithOpenSessionsAsync(int count)
    {
        var channel = Channel();
        await Store.Channels.InsertAsync(channel, None).WithTimeout();
        var usage = Usage(channel.Id, DeploymentType.Conversation);
        await Store.Usages.InsertAsync(usage, None).WithTimeout();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var result = await Store.EndUsers.ApplyAsync(channel.Id, "user-" + i, null, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated), Time.GetUtcNow(), None).WithTimeout();
            ids.Add(result.State.OpenSessionId!);
        }

        return (channel, usage, ids);
    }

    /// <summary>Active → Deprovisioning → Disabled (now), as the lifecycle goes.</summary>
    protected async Task<ChannelUsage> DisableAsync(ChannelUsage usage)
    {
        var now = Time.GetUtcNow();
        var deprovisioning = usage with { DeploymentStatus = DeploymentStatus.Deprovisioning, SystemModstamp = now.AddTicks(-1) };
        await Store.Usages.ReplaceAsync(deprovisioning, usage.SystemModstamp, None).WithTimeout();
        var disabled = deprovisioning with { DeploymentStatus = DeploymentStatus.Disabled, DisabledTime = now, SystemModstamp = now };
        await Store.Usages.ReplaceAsync(disabled, deprovisioning.SystemModstamp, None).WithTimeout();
        return disabled;
    }

    private async Task<List<MessagingSession>> SessionsAsync(List<string> ids)
    {
        var sessions = new List<MessagingSession>();
        foreach (var id in ids)
        {
            sessions.Add((await Store.Sessions.GetAsync(id, None).WithTimeout())!);
        }

        return sessions;
    }
}

public sealed class MemorySessionReaperTests : SessionReaperTests
{
    private readonly MemoryStore store = new(ReaperOptions);

    protected override StoreUnderTest Store => store.AsUnderTest();
}

[Collection(RedisServerTests.Name)]
public sealed class RedisSessionReaperTests(RedisServerFixture redis) : SessionReaperTests, IAsyncLifetime
{
    private readonly string prefix = RedisTestStores.NewPrefix();
    private RedisStore? store;

    protected override StoreUnderTest Store => store!.AsUnderTest();

    public async Task InitializeAsync() => store = await RedisTestStores.StartAsync(RedisTestStores.Options(redis.Endpoint, prefix));

    public async Task DisposeAsync() => await store!.DisposeAsync();

    [Fact]
    public async Task Reaper_TwoInstancesOnOneRedis_EndEachSessionExactlyOnce()
    {
        var (_, usage, sessionIds) = await ChannelWithOpenSessionsAsync(30);
        await DisableAsync(usage);
        await using var other = await RedisTestStores.StartAsync(RedisTestStores.Options(redis.Endpoint, prefix));
        var first = NewReaper(Store);
        var second = NewReaper(other.AsUnderTest());
        Time.Advance(TimeSpan.FromHours(49));

        var counts = await Task.WhenAll(Task.Run(() => first.RunOnceAsync(CancellationToken.None)), Task.Run(() => second.RunOnceAsync(CancellationToken.None))).WithTimeout();

        Assert.Equal(sessionIds.Count, counts.Sum());
        Assert.Equal(0, await first.RunOnceAsync(CancellationToken.None).WithTimeout() + await second.RunOnceAsync(CancellationToken.None).WithTimeout());
    }
}
