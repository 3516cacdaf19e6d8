using MessagingChannelUsage.Store.Abstractions;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// The auto-end schedule shared by every instance: a sorted set of usage ids scored by due time
/// (Unix ms, rounded up so an entry is never claimed early) and a hash of the entries, both tagged
/// {disable} (one slot). A claim is one script that re-scores what it returns to the end of a
/// lease: exactly one caller gets each entry; completing removes it; a crashed claimer's entry
/// comes back when the lease ends.
/// </summary>
internal sealed class RedisDisableSchedule(RedisContext context) : IDisableSchedule
{
    public async Task ScheduleAsync(DisableEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var dueScore = Math.Ceiling((entry.DueAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerMillisecond);
        var text = Encode(entry);
        try
        {
            await context.Db.ScriptEvaluateAsync(
                RedisScripts.Schedule,
                [context.Keys.DisableDue, context.Keys.DisableEntries],
                [entry.UsageId, dueScore, text]);
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("scheduling a session auto-end", ex);
        }
    }

    public Task CancelAsync(DisableEntry entry, CancellationToken cancellationToken)
        => RemoveUnlessReplacedAsync(entry, "cancelling a session auto-end");

    public Task CompleteAsync(DisableEntry entry, CancellationToken cancellationToken)
        => RemoveUnlessReplacedAsync(entry, "completing a session auto-end");

    /// <summary>One script: removes the usage's entry only while it is still <paramref name="entry"/>.</summary>
    private async Task RemoveUnlessReplacedAsync(DisableEntry entry, string what)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            await context.Db.ScriptEvaluateAsync(RedisScripts.RemoveUnlessReplaced, [context.Keys.DisableDue, context.Keys.DisableEntries], [entry.UsageId, Encode(entry)]);
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable(what, ex);
        }
    }

    public async Task<IReadOnlyList<DisableEntry>> ClaimDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        try
        {
            var result = (RedisResult[])(await context.Db.ScriptEvaluateAsync(
                RedisScripts.ClaimDue,
                [context.Keys.DisableDue, context.Keys.DisableEntries],
                [now.ToUnixTimeMilliseconds(), max, (now + IDisableSchedule.ClaimLease).ToUnixTimeMilliseconds()]))!;
            var entries = new List<DisableEntry>(result.Length / 2);
            for (var i = 0; i + 1 < result.Length; i += 2)
            {
                var parts = ((string)result[i + 1]!).Split('|');
                entries.Add(new DisableEntry(
                    (string)result[i]!,
                    parts[0],
                    RedisRecordFormat.FromTicks(parts[1]),
                    RedisRecordFormat.FromTicks(parts[2])));
            }

            return entries;
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            throw RedisContext.Unavailable("claiming session auto-ends", ex);
        }
    }

    /// <summary>"channelId|disabledTicks|dueTicks" (the usage id is the hash field).</summary>
    private static string Encode(DisableEntry entry) =>
        string.Join('|', entry.ChannelId, RedisRecordFormat.Ticks(entry.DisabledTime), RedisRecordFormat.Ticks(entry.DueAt));
}
