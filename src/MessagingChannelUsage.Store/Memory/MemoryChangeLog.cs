using System.Globalization;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Common;
using MessagingChannelUsage.Store.Redis;

namespace MessagingChannelUsage.Store.Memory;

/// <summary>
/// The change log of the in-memory store: one sequence for the process, appended by the writer
/// while it holds the channel's lock (so a channel's changes are in commit order and a write
/// never commits without its change), trimmed to the retention on every append and read.
/// Tokens are "m.{epoch}.{sequence}"; the epoch is new with every store, so a token of a previous
/// process (whose changes are gone with it) is past the retention.
/// </summary>
internal sealed class MemoryChangeLog(TimeSpan retention, TimeProvider time) : IChangeLog
{
    private readonly Lock gate = new();
    private readonly string epoch = Guid.NewGuid().ToString("N")[..12];

    /// <summary>Entry i has sequence <see cref="firstSequence"/> + i.</summary>
    private readonly List<Entry> entries = [];
    private long firstSequence = 1;

    public void AppendChannel(MessagingChannel? before, MessagingChannel after)
        => Append(after.Id, ChangeFields.ChannelObject, after, null,
            before is null ? null : ChangeFields.Diff(RedisRecordFormat.EncodeChannel(before), RedisRecordFormat.EncodeChannel(after)));

    public void AppendUsage(ChannelUsage? before, ChannelUsage after)
        => Append(after.MessagingChannelId, ChangeFields.UsageObject, null, after,
            before is null ? null : ChangeFields.Diff(RedisRecordFormat.EncodeUsage(before), RedisRecordFormat.EncodeUsage(after)));

    public Task<IChangeCursor> OpenAsync(string? resumeToken, IReadOnlySet<string>? channelIds, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Trim();
            var position = firstSequence + entries.Count - 1;
            if (resumeToken is not null)
            {
                position = Parse(resumeToken);
                CheckRetained(position);
            }

            IChangeCursor cursor = new Cursor(this, position, channelIds is { Count: > 0 } ? channelIds : null);
            return Task.FromResult(cursor);
        }
    }

    private void Append(string channelId, string objectName, MessagingChannel? channel, ChannelUsage? usage, List<string>? changed)
    {
        var names = changed is null ? [] : ChangeFields.ApiNames(objectName, changed);
        lock (gate)
        {
            var now = time.GetUtcNow();
            entries.Add(new Entry(channelId, objectName, ChangeFields.KindOf(changed is null, names), channel, usage, names, now));
            Trim();
        }
    }

    /// <summary>Drops entries older than the retention (under the gate).</summary>
    private void Trim()
    {
        var cutoff = time.GetUtcNow() - retention;
        var count = 0;
        while (count < entries.Count && entries[count].CommitTime < cutoff)
        {
            count++;
        }

        if (count > 0)
        {
            entries.RemoveRange(0, count);
            firstSequence += count;
        }
    }

    /// <summary>A position is readable when nothing after it was trimmed (under the gate).</summary>
    private void CheckRetained(long position)
    {
        if (position < firstSequence - 1)
        {
            throw ChangeFields.ReplayIdPastRetention(retention);
        }
    }

    private long Parse(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != "m"
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            throw ChangeFields.MalformedReplayId();
        }

        if (!string.Equals(parts[1], epoch, StringComparison.Ordinal) || sequence > firstSequence + entries.Count - 1)
        {
            // Another process's log (this one starts empty): what it held is gone.
            throw ChangeFields.ReplayIdPastRetention(retention);
        }

        return sequence;
    }

    private string Token(long sequence) => string.Create(CultureInfo.InvariantCulture, $"m.{epoch}.{sequence}");

    private List<StoredChange> Read(ref long position, IReadOnlySet<string>? channelIds, int max)
    {
        lock (gate)
        {
            Trim();
            CheckRetained(position);
            var read = new List<StoredChange>(Math.Min(max, 64));
            var index = (int)(position + 1 - firstSequence);
            for (; index < entries.Count && read.Count < max; index++)
            {
                var entry = entries[index];
                if (channelIds is null || channelIds.Contains(entry.ChannelId))
                {
                    read.Add(new StoredChange(
                        entry.ChannelId, entry.ObjectName, entry.Kind, entry.Channel, entry.Usage, entry.ChangedFields, entry.CommitTime,
                        Token(firstSequence + index)));
                }
            }

            position = firstSequence + index - 1;
            return read;
        }
    }

    private sealed record Entry(
        string ChannelId, string ObjectName, ChangeKind Kind, MessagingChannel? Channel, ChannelUsage? Usage,
        IReadOnlyList<string> ChangedFields, DateTimeOffset CommitTime);

    private sealed class Cursor(MemoryChangeLog log, long position, IReadOnlySet<string>? channelIds) : IChangeCursor
    {
        private long position = position;

        public Task<IReadOnlyList<StoredChange>> ReadAsync(int max, CancellationToken cancellationToken)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
            return Task.FromResult<IReadOnlyList<StoredChange>>(log.Read(ref position, channelIds, max));
        }
    }
}
