using System.Text;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// The key layout (docs/redis.md). Every key of one channel carries the hash tag {channelId}, so a
/// channel's keys share one cluster slot and a Lua script may touch all of them. Global indexes
/// (no channel tag) live in other slots and are only ever written by single-key commands.
/// The prefix "mcu:" is encoded once; a key is the encoded prefix plus a suffix string.
/// </summary>
internal sealed class RedisKeys
{
    private readonly RedisKey prefix;
    private readonly string prefixText;

    public RedisKeys(string keyPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        prefixText = keyPrefix + ":";
        prefix = Encoding.UTF8.GetBytes(prefixText);
        ChangesChannel = RedisChannel.Literal(prefixText + "changes");
        ChangesChannelName = prefixText + "changes";
        EndUserChangesChannelName = prefixText + "eu-changes";
        EndUserChangesChannel = RedisChannel.Literal(EndUserChangesChannelName);
        EndUserHeartbeatPrefix = string.Concat(prefixText, "{", RedisEndUserHeartbeat.ChannelId, "}:eu:");
        AllChannels = Global("channels");
        DeveloperNames = Global("devnames");
        UsageIndex = Global("usages");
        SessionIndex = Global("sessions");
        DisableDue = Global("{disable}:due");
        DisableEntries = Global("{disable}:entries");
        Epoch = Global("epoch");
    }

    /// <summary>String: the store's epoch marker (state-loss detection, docs/reliability.md).</summary>
    public RedisKey Epoch { get; }

    /// <summary>Pub/sub channel of change messages "channelId:version".</summary>
    public RedisChannel ChangesChannel { get; }

    public string ChangesChannelName { get; }

    /// <summary>Pub/sub channel of end-user changes: each message is the key of an end-user hash a script wrote.</summary>
    public RedisChannel EndUserChangesChannel { get; }

    public string EndUserChangesChannelName { get; }

    /// <summary>"P:{~hb}:eu:": how every heartbeat on the end-user change channel starts (RedisEndUserHeartbeat).</summary>
    public string EndUserHeartbeatPrefix { get; }

    /// <summary>Sorted set (all scores 0, so ordered by id): every channel id.</summary>
    public RedisKey AllChannels { get; }

    /// <summary>Hash: lower-case DeveloperName → "channelId|reservedAtUnixMs".</summary>
    public RedisKey DeveloperNames { get; }

    /// <summary>Hash: usage id → channel id.</summary>
    public RedisKey UsageIndex { get; }

    /// <summary>Hash: session id → channel id.</summary>
    public RedisKey SessionIndex { get; }

    /// <summary>Sorted set: usage id scored by due time (Unix ms); one slot with <see cref="DisableEntries"/>.</summary>
    public RedisKey DisableDue { get; }

    /// <summary>Hash: usage id → "channelId|disabledTicks|dueTicks".</summary>
    public RedisKey DisableEntries { get; }

    public RedisKey Channel(string channelId) => Tagged(channelId, "}:channel");

    public RedisKey Usage(string channelId, DeploymentType type) => Tagged(channelId, type switch
    {
        DeploymentType.Conversation => "}:usage:Conversation",
        DeploymentType.MessagingEngagement => "}:usage:MessagingEngagement",
        DeploymentType.MJ => "}:usage:MJ",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    });

    public RedisKey EndUser(string channelId, string platformKey) => prefix.Append(string.Concat("{", Checked(channelId), "}:eu:", platformKey));

    /// <summary>The end-user key without the platform key: a script appends the key it reads from a session.</summary>
    public string EndUserPrefix(string channelId) => string.Concat(prefixText, "{", channelId, "}:eu:");

    /// <summary>Splits an end-user key ("P:{channelId}:eu:platformKey") of an end-user change message.</summary>
    public bool TryParseEndUserKey(string? key, out string channelId, out string platformKey)
    {
        channelId = platformKey = string.Empty;
        if (key is null || !key.StartsWith(prefixText, StringComparison.Ordinal) || key.Length <= prefixText.Length
            || key[prefixText.Length] != '{')
        {
            return false;
        }

        var close = key.IndexOf("}:eu:", prefixText.Length, StringComparison.Ordinal);
        if (close < 0)
        {
            return false;
        }

        channelId = key[(prefixText.Length + 1)..close];
        platformKey = key[(close + "}:eu:".Length)..];
        return channelId.Length > 0;
    }

    /// <summary>
    /// String: the idempotency record of one message (channel's hash tag: the slot of its end users).
    /// The same key the IDistributedCache of earlier versions used (its instance name is the prefix).
    /// </summary>
    public RedisKey Idempotency(string channelId, string messageId) => prefix.Append(string.Concat("{", Checked(channelId), "}:idem:", messageId));

    public RedisKey Session(string channelId, string sessionId) => prefix.Append(string.Concat("{", Checked(channelId), "}:session:", sessionId));

    public string SessionPrefix(string channelId) => string.Concat(prefixText, "{", channelId, "}:session:");

    /// <summary>Sorted set (scores 0): every session id of the channel.</summary>
    public RedisKey Sessions(string channelId) => Tagged(channelId, "}:sessions");

    /// <summary>Sorted set (scores 0): the open session ids of the channel.</summary>
    public RedisKey OpenSessions(string channelId) => Tagged(channelId, "}:open");

    /// <summary>List: a saved query result (header, then one element per row); see QuerySnapshotFormat.</summary>
    public RedisKey QuerySnapshot(string snapshotId) => prefix.Append("query:" + snapshotId);

    private RedisKey Tagged(string channelId, string suffix) => prefix.Append(string.Concat("{", Checked(channelId), suffix));

    /// <summary>
    /// A channel id is the hash tag: a brace inside it would move the channel's keys to other slots
    /// (cross-slot script errors on a cluster). Ids are validated at the edge; this is the backstop.
    /// </summary>
    private static string Checked(string channelId)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        if (channelId.Length == 0 || channelId.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.InvalidIdField, "MessagingChannelId", $"'{channelId}' is not a channel id.");
        }

        return channelId;
    }

    private RedisKey Global(string name) => prefix.Append(name);
}
