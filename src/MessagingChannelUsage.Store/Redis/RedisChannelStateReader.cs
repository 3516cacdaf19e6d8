using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Telemetry;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>Loads a channel, its usages and its version with ONE script call (one round trip).</summary>
internal sealed class RedisChannelStateReader(RedisContext context) : IChannelStateReader
{
    /// <summary>Operation label of <see cref="StoreMetrics"/>.</summary>
    internal const string ChannelLoadOperation = "channel_load";

    public async Task<ChannelState?> LoadAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        var started = StoreMetrics.Start();
        try
        {
            var (channel, usages) = await LoadRawAsync(channelId, cancellationToken);
            context.Metrics?.RedisCallSucceeded(ChannelLoadOperation, started);
            if (channel.IsEmpty)
            {
                return null;
            }

            return new ChannelState(RedisRecordFormat.DecodeChannel(channel), usages, channel.RequiredLong(RedisRecordFormat.VersionField));
        }
        catch (Exception ex) when (context.Observed(ChannelLoadOperation, started, ex) && RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("loading a channel", ex);
        }
    }

    /// <summary>The channel's hash (empty when absent) and its usages ordered by id.</summary>
    internal async Task<(RedisRecordFormat.Fields Channel, IReadOnlyList<ChannelUsage> Usages)> LoadRawAsync(string channelId, CancellationToken cancellationToken = default)
    {
        var keys = context.Keys;
        var result = (RedisResult[])(await context.Db.ScriptEvaluateAsync(
            RedisScripts.LoadChannel,
            [
                keys.Channel(channelId),
                keys.Usage(channelId, DeploymentType.Conversation),
                keys.Usage(channelId, DeploymentType.MessagingEngagement),
                keys.Usage(channelId, DeploymentType.MJ),
            ]).Until(cancellationToken))!;
        var usages = new List<ChannelUsage>(3);
        for (var i = 1; i < result.Length; i++)
        {
            var fields = RedisRecordFormat.ToFields(result[i]);
            if (!fields.IsEmpty)
            {
                usages.Add(RedisRecordFormat.DecodeUsage(fields));
            }
        }

        usages.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return (RedisRecordFormat.ToFields(result[0]), usages);
    }
}
