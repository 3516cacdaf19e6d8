using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.TestSupport;
using static MessagingChannelUsage.Store.Tests.Contract.TestRecords;

namespace MessagingChannelUsage.Store.Tests.Changes;

/// <summary>
/// The change stream of domain.md §10 as every store promises it (IChangeLog). Subclasses run it
/// on the in-memory store, a standalone Redis and a Redis Cluster; on Redis the two writers are two
/// store instances (two gateways) over one Redis.
/// </summary>
public abstract class ChangeLogContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Writer 0 or 1: on Redis two instances sharing one state, in memory the one store.</summary>
    protected abstract (IChannelRepository Channels, IUsageRepository Usages) Writer(int index);

    protected abstract IChangeLog Log { get; }

    /// <summary>A store whose changes are kept for <paramref name="retention"/> only.</summary>
    protected abstract Task<(IChannelRepository Channels, IChangeLog Log)> StoreWithRetentionAsync(TimeSpan retention);

    /// <summary>Lets <paramref name="duration"/> pass for the store made by <see cref="StoreWithRetentionAsync"/>.</summary>
    protected abstract Task PassTimeAsync(TimeSpan duration);

    [Fact]
    public async Task EveryCreateAndUpdate_IsOneChangeInCommitOrder_WithItsKindChangedFieldsAndRecord()
    {
        var cursor = await Log.OpenAsync(null, null, None).WithTimeout();
        var (channels, usages) = Writer(0);
        var channel = Channel();
        await channels.InsertAsync(channel, None).WithTimeout();
        var usage = Usage(channel.Id, DeploymentType.Conversation, DeploymentStatus.New);
        await usages.InsertAsync(usage, None).WithTimeout();
        var provisioning = usage with { DeploymentStatus = DeploymentStatus.Provisioning, SystemModstamp = T0.AddSeconds(1), LastModifiedDate = T0.AddSeconds(1) };
        await usages.ReplaceAsync(provisioning, usage.SystemModstamp, None).WithTimeout();
        var renamed = channel with { MasterLabel = "Renamed", SystemModstamp = T0.AddSeconds(2), LastModifiedDate = T0.AddSeconds(2) };
        await channels.ReplaceAsync(renamed, channel.SystemModstamp, None).WithTimeout();

        var changes = Mine(await ReadAtLeastAsync(cursor, 4), channel.Id);

        Assert.Equal([ChangeKind.Created, ChangeKind.Created, ChangeKind.Lifecycle, ChangeKind.Updated], changes.Select(c => c.Kind));
        Assert.Equal(["MessagingChannel", "MessagingChannelUsage", "MessagingChannelUsage", "MessagingChannel"], changes.Select(c => c.ObjectName));
        Assert.Equal(channel.Id, changes[0].Channel!.Id);
        Assert.Equal(channel.MarketingKeywords.ToArray(), changes[0].Channel!.MarketingKeywords.ToArray());
        Assert.Equal(usage, changes[1].Usage);
        Assert.Equal(provisioning, changes[2].Usage);
        Assert.Equal(renamed.MasterLabel, changes[3].Channel!.MasterLabel);
        Assert.Equal(renamed.SystemModstamp, changes[3].Channel!.SystemModstamp);
        Assert.Empty(changes[0].ChangedFields);
        Assert.Equal(["DeploymentStatus", "LastModifiedDate", "SystemModstamp"], changes[2].ChangedFields.Order(StringComparer.Ordinal));
        Assert.Equal(["LastModifiedDate", "MasterLabel", "SystemModstamp"], changes[3].ChangedFields.Order(StringComparer.Ordinal));
        Assert.All(changes, c => Assert.False(string.IsNullOrEmpty(c.ResumeToken)));
    }

    [Fact]
    public async Task ACursorOpenedNow_SeesNothingCommittedBefore()
    {
        var (channels, _) = Writer(0);
        var before = Channel();
        await channels.InsertAsync(before, None).WithTimeout();
        var cursor = await Log.OpenAsync(null, null, None).WithTimeout();
        var after = Channel();
        await channels.InsertAsync(after, None).WithTimeout();

        var changes = await ReadAtLeastAsync(cursor, 1, c => c.ChannelId == after.Id);

        Assert.DoesNotContain(changes, c => c.ChannelId == before.Id);
    }

    [Fact]
    public async Task ResumingAfterAToken_GivesExactlyTheChangesAfterIt()
    {
        var (channels, usages) = Writer(0);
        var channel = Channel();
        var cursor = await Log.OpenAsync(null, new HashSet<string> { channel.Id }, None).WithTimeout();
        await channels.InsertAsync(channel, None).WithTimeout();
        var first = Assert.Single(await ReadAtLeastAsync(cursor, 1));
        var usage = Usage(channel.Id, DeploymentType.Conversation);
        await usages.InsertAsync(usage, None).WithTimeout();
        await usages.InsertAsync(Usage(channel.Id, DeploymentType.MJ), None).WithTimeout();

        var resumed = await Log.OpenAsync(first.ResumeToken, new HashSet<string> { channel.Id }, None).WithTimeout();
        var changes = await ReadAtLeastAsync(resumed, 2);

        Assert.Equal([DeploymentType.Conversation, DeploymentType.MJ], changes.Select(c => c.Usage!.DeploymentType));
        var again = await Log.OpenAsync(changes[1].ResumeToken, new HashSet<string> { channel.Id }, None).WithTimeout();
        Assert.Empty(await again.ReadAsync(100, None).WithTimeout());
    }

    [Fact]
    public async Task AChannelFilter_GivesOnlyThoseChannelsChanges()
    {
        var (channels, _) = Writer(0);
        var watched = Channel();
        var other = Channel();
        var cursor = await Log.OpenAsync(null, new HashSet<string> { watched.Id }, None).WithTimeout();
        await channels.InsertAsync(other, None).WithTimeout();
        await channels.InsertAsync(watched, None).WithTimeout();

        var changes = await ReadAtLeastAsync(cursor, 1);

        Assert.Equal(watched.Id, Assert.Single(changes).ChannelId);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("r1.!!!")]
    [InlineData("m.x.y")]
    public async Task ATokenThisStoreDidNotIssue_FailsInvalidArgumentInvalidReplayId(string token)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Log.OpenAsync(token, null, None)).WithTimeout();

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(ErrorCodes.InvalidReplayId, error.Code);
    }

    [Fact]
    public async Task ATokenWhoseNextChangeIsPastTheRetention_FailsOutOfRangeInvalidReplayId()
    {
        var retention = TimeSpan.FromMilliseconds(50);
        var (channels, log) = await StoreWithRetentionAsync(retention);
        var channel = Channel();
        var cursor = await log.OpenAsync(null, null, None).WithTimeout();
        await channels.InsertAsync(channel, None).WithTimeout();
        var seen = Assert.Single(await ReadAtLeastAsync(cursor, 1));
        var second = channel with { MasterLabel = "second", SystemModstamp = T0.AddSeconds(1) };
        await channels.ReplaceAsync(second, channel.SystemModstamp, None).WithTimeout();
        await PassTimeAsync(retention * 4);
        // This write trims the second change (older than the retention) that the token has not read.
        await channels.ReplaceAsync(second with { MasterLabel = "third", SystemModstamp = T0.AddSeconds(2) }, second.SystemModstamp, None).WithTimeout();

        var error = await Assert.ThrowsAsync<DomainException>(() => log.OpenAsync(seen.ResumeToken, null, None)).WithTimeout();

        Assert.Equal(ErrorKind.OutOfRange, error.Kind);
        Assert.Equal(ErrorCodes.InvalidReplayId, error.Code);
    }

    [Fact]
    public async Task AThousandConcurrentWritesFromTwoWriters_AreSeenOnceEachInChannelOrder_AlsoByAWatcherThatResumes()
    {
        const int channelCount = 20;
        const int updatesPerChannel = 50;
        var created = Enumerable.Range(0, channelCount).Select(_ => Channel()).ToList();
        var ids = created.Select(c => c.Id).ToHashSet();
        var steady = await Log.OpenAsync(null, ids, None).WithTimeout();
        var resuming = await Log.OpenAsync(null, ids, None).WithTimeout();
        var expected = channelCount * (updatesPerChannel + 1);

        var writes = Task.WhenAll(created.Select(async (channel, n) =>
        {
            await Writer(n % 2).Channels.InsertAsync(channel, None);
            var current = channel;
            for (var k = 1; k <= updatesPerChannel; k++)
            {
                var next = current with { MasterLabel = "v" + k, SystemModstamp = T0.AddTicks(k) };
                await Writer((n + k) % 2).Channels.ReplaceAsync(next, current.SystemModstamp, None);
                current = next;
            }
        }));
        var steadyRead = ReadAtLeastAsync(steady, expected, timeout: TimeSpan.FromSeconds(60));
        var resumedRead = ReadResumingMidwayAsync(resuming, ids, expected);
        await writes.WaitAsync(TimeSpan.FromSeconds(60));

        foreach (var changes in new[] { await steadyRead, await resumedRead })
        {
            Assert.Equal(expected, changes.Count);
            foreach (var channel in created)
            {
                var labels = changes.Where(c => c.ChannelId == channel.Id).Select(c => c.Channel!.MasterLabel).ToList();
                Assert.Equal([channel.MasterLabel, .. Enumerable.Range(1, updatesPerChannel).Select(k => "v" + k)], labels);
            }
        }
    }

    /// <summary>Reads a third of the changes, drops the cursor, resumes from the last token and reads the rest.</summary>
    private async Task<List<StoredChange>> ReadResumingMidwayAsync(IChangeCursor cursor, HashSet<string> ids, int expected)
    {
        var firstPart = await ReadAtLeastAsync(cursor, expected / 3, timeout: TimeSpan.FromSeconds(60), batch: 7);
        var resumed = await Log.OpenAsync(firstPart[^1].ResumeToken, ids, None);
        var rest = await ReadAtLeastAsync(resumed, expected - firstPart.Count, timeout: TimeSpan.FromSeconds(60));
        return [.. firstPart, .. rest];
    }

    private static List<StoredChange> Mine(List<StoredChange> changes, string channelId) => changes.Where(c => c.ChannelId == channelId).ToList();

    /// <summary>
    /// Reads until <paramref name="count"/> changes (matching <paramref name="until"/> when given)
    /// arrived, then once more to catch any extra (which the caller's assertions then see).
    /// </summary>
    private static async Task<List<StoredChange>> ReadAtLeastAsync(
        IChangeCursor cursor, int count, Func<StoredChange, bool>? until = null, TimeSpan? timeout = null, int batch = 100)
    {
        var read = new List<StoredChange>();
        var deadline = DateTime.UtcNow + (timeout ?? TaskTimeouts.Default);
        while (read.Count(until ?? (_ => true)) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {read.Count} of {count} changes arrived");
            var next = await cursor.ReadAsync(Math.Min(batch, count - read.Count), None).WithTimeout();
            read.AddRange(next);
            if (next.Count == 0)
            {
                await Task.Delay(5);
            }
        }

        return read;
    }
}
