using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Store.Memory;
using MessagingChannelUsage.TestSupport;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Contract;

/// <summary>
/// The in-process store hands out the same completed read while an end user's state is unchanged
/// (issue 12: one allocation less per routed message), and never an old state after a write.
/// </summary>
public sealed class MemoryEndUserReadTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly MemoryStore store = new();

    [Fact]
    public async Task AnUnchangedEndUser_IsReadAsTheSameCompletedTask()
    {
        var channelId = await ChannelAsync();
        await store.EndUsers.ApplyAsync(channelId, "+15550001", null, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated), T0, None).WithTimeout();

        var first = store.EndUsers.GetStateAsync(channelId, "+15550001", None);
        var second = store.EndUsers.GetStateAsync(channelId, "+15550001", None);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task AfterAWrite_TheReadShowsTheNewState()
    {
        var channelId = await ChannelAsync();
        await store.EndUsers.ApplyAsync(channelId, "+15550002", null, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated), T0, None).WithTimeout();
        var before = await store.EndUsers.GetStateAsync(channelId, "+15550002", None).WithTimeout();

        await store.EndUsers.ApplyAsync(channelId, "+15550002", null, new EndUserEffects(ConsentStatus.OptedOut, null), T0.AddSeconds(1), None).WithTimeout();
        var after = await store.EndUsers.GetStateAsync(channelId, "+15550002", None).WithTimeout();

        Assert.Equal(ConsentStatus.ImplicitlyOptedIn, before.ConsentStatus);
        Assert.Equal(ConsentStatus.OptedOut, after.ConsentStatus);
        Assert.Equal(before.OpenSessionId, after.OpenSessionId);
    }

    [Fact]
    public async Task AfterTheSessionCloses_TheReadShowsNoOpenSession()
    {
        var channelId = await ChannelAsync();
        var opened = await store.EndUsers.ApplyAsync(channelId, "+15550003", null, new EndUserEffects(ConsentStatus.ImplicitlyOptedIn, SessionOrigin.InboundInitiated), T0, None).WithTimeout();
        Assert.True((await store.EndUsers.GetStateAsync(channelId, "+15550003", None).WithTimeout()).HasOpenSession);

        await store.Sessions.UpdateStatusAsync(opened.State.OpenSessionId!, SessionStatus.Ended, null, T0.AddMinutes(1), None).WithTimeout();

        Assert.False((await store.EndUsers.GetStateAsync(channelId, "+15550003", None).WithTimeout()).HasOpenSession);
    }

    private async Task<string> ChannelAsync()
    {
        var channel = Channel();
        await store.Channels.InsertAsync(channel, None).WithTimeout();
        return channel.Id;
    }
}
