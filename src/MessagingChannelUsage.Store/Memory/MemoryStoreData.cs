using System.Collections.Concurrent;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Common;

namespace MessagingChannelUsage.Store.Memory;

/// <summary>
/// Everything one channel owns, guarded by the channel's own lock: writes on different channels
/// never contend. Records are immutable; a write swaps references under the lock.
/// </summary>
internal sealed class MemoryChannelData(MessagingChannel channel)
{
    public Lock Gate { get; } = new();

    public MessagingChannel Channel { get; set; } = channel;

    public long Version { get; set; } = 1;

    /// <summary>At most three, one per DeploymentType.</summary>
    public List<ChannelUsage> Usages { get; } = [];

    /// <summary>End users by MessagingPlatformKey.</summary>
    public Dictionary<string, MessagingEndUser> EndUsers { get; } = new(StringComparer.Ordinal);

    /// <summary>MessagingPlatformKey by end user id (to clear an end user's open pointer from its session).</summary>
    public Dictionary<string, string> PlatformKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>When each end user's consent was last set, by MessagingPlatformKey (see <see cref="Common.ConsentOrder"/>).</summary>
    public Dictionary<string, DateTimeOffset> ConsentTimes { get; } = new(StringComparer.Ordinal);

    /// <summary>Sessions by id, ordered for paging.</summary>
    public SortedDictionary<string, MessagingSession> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The last routing read of each end user as a completed task, handed out again while the
    /// state is equal (issue 12: a routed message allocated a new Task per read). Checked by value
    /// on every read, so no write has to invalidate it.
    /// </summary>
    public Dictionary<string, (EndUserState State, Task<EndUserState> Read)> StateReads { get; } = new(StringComparer.Ordinal);
}

/// <summary>The state of the in-memory store, shared by its repositories.</summary>
internal sealed class MemoryStoreData(InProcessChangeFeed feed, MemoryChangeLog changeLog)
{
    public ConcurrentDictionary<string, MemoryChannelData> Channels { get; } = new(StringComparer.Ordinal);

    /// <summary>Guards <see cref="DeveloperNames"/> and channel creation (DeveloperName uniqueness spans channels).</summary>
    public Lock CatalogGate { get; } = new();

    /// <summary>DeveloperName (case-insensitive, as Salesforce compares it) → channel id.</summary>
    public Dictionary<string, string> DeveloperNames { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, string> UsageChannel { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, string> SessionChannel { get; } = new(StringComparer.Ordinal);

    public InProcessChangeFeed Feed { get; } = feed;

    /// <summary>The change stream: appended under the lock of the write it records.</summary>
    public MemoryChangeLog ChangeLog { get; } = changeLog;

    public MemoryChannelData? Find(string channelId) => Channels.GetValueOrDefault(channelId);

    /// <summary>Bumps the channel version; call under the channel's lock and publish after leaving it.</summary>
    public static ChannelChange Bump(MemoryChannelData data)
    {
        data.Version++;
        return new ChannelChange(data.Channel.Id, data.Version);
    }

    public static StorePage<T> Page<T>(IEnumerable<KeyValuePair<string, T>> ordered, int pageSize, string? pageToken)
    {
        PageSize.Validate(pageSize);
        var items = new List<T>(Math.Min(pageSize, 256));
        string? lastKey = null;
        var more = false;
        foreach (var (key, value) in ordered)
        {
            if (pageToken is not null && string.CompareOrdinal(key, pageToken) <= 0)
            {
                continue;
            }

            if (items.Count == pageSize)
            {
                more = true;
                break;
            }

            items.Add(value);
            lastKey = key;
        }

        return new StorePage<T>(items, more ? lastKey : null);
    }
}
