using MessagingChannelUsage.Store.Abstractions;
using Microsoft.Extensions.Logging;

namespace MessagingChannelUsage.Store.Memory;

/// <summary>
/// The in-memory store (the embedded default): every interface over one shared state, with a
/// lock per channel. State is lost when the process stops; one gateway instance only.
/// </summary>
public sealed class MemoryStore
{
    public MemoryStore(StoreOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        options ??= new StoreOptions();
        var feed = new InProcessChangeFeed(loggerFactory?.CreateLogger<InProcessChangeFeed>());
        var changeLog = new MemoryChangeLog(options.ChangeRetention, timeProvider ?? TimeProvider.System);
        var data = new MemoryStoreData(feed, changeLog);
        Changes = feed;
        ChangeLog = changeLog;
        Schedule = new MemoryDisableSchedule();
        Channels = new MemoryChannelRepository(data);
        Usages = new MemoryUsageRepository(data, Schedule, options.SessionGrace);
        States = new MemoryChannelStateReader(data);
        EndUsers = new MemoryEndUserStore(data);
        Sessions = new MemorySessionStore(data);
        QuerySnapshots = new MemoryQuerySnapshots(timeProvider ?? TimeProvider.System);
    }

    public IChannelRepository Channels { get; }

    public IUsageRepository Usages { get; }

    public IChannelStateReader States { get; }

    public IChannelChangeFeed Changes { get; }

    /// <summary>The change stream of channels and usages (domain.md §10).</summary>
    public IChangeLog ChangeLog { get; }

    public IEndUserStore EndUsers { get; }

    public ISessionStore Sessions { get; }

    public IDisableSchedule Schedule { get; }

    public IQuerySnapshotStore QuerySnapshots { get; }
}
