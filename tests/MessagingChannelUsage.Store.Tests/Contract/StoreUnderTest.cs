using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Store.Tests.Contract;

/// <summary>One store instance as the contract suite sees it: every interface, over one shared state.</summary>
public sealed record StoreUnderTest(
    IChannelRepository Channels,
    IUsageRepository Usages,
    IChannelStateReader States,
    IChannelChangeFeed Changes,
    IEndUserStore EndUsers,
    ISessionStore Sessions,
    IDisableSchedule Schedule);
