using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Store.Abstractions;

/// <summary>What a committed write did to its record (domain.md §10).</summary>
public enum ChangeKind
{
    Created = 1,
    Updated = 2,

    /// <summary>An update that moved DeploymentStatus (a lifecycle step).</summary>
    Lifecycle = 3,
}

/// <summary>
/// One committed create or update of a channel or usage, read from the change log.
/// <see cref="ResumeToken"/> resumes after this change (opaque; only the store that wrote it reads it).
/// </summary>
public sealed record StoredChange(
    string ChannelId,
    string ObjectName,
    ChangeKind Kind,
    MessagingChannel? Channel,
    ChannelUsage? Usage,
    IReadOnlyList<string> ChangedFields,
    DateTimeOffset CommitTime,
    string ResumeToken);

/// <summary>
/// The change stream of domain.md §10: every committed write of a channel or usage is appended in
/// the same atomic step as the write, kept for the retention (Store:ChangeRetention), and read in
/// commit order per channel. Waking up on new changes is the job of <see cref="IChannelChangeFeed"/>.
/// </summary>
public interface IChangeLog
{
    /// <summary>
    /// A cursor after <paramref name="resumeToken"/>, or at the current end when it is null.
    /// <paramref name="channelIds"/> (null or empty = every channel) filters what it reads.
    /// A token past the retention → DomainException(OutOfRange, INVALID_REPLAY_ID); one that is not
    /// a token of this store → DomainException(InvalidArgument, INVALID_REPLAY_ID).
    /// </summary>
    Task<IChangeCursor> OpenAsync(string? resumeToken, IReadOnlySet<string>? channelIds, CancellationToken cancellationToken);
}

/// <summary>A position in the change log of one watcher.</summary>
public interface IChangeCursor
{
    /// <summary>
    /// Up to <paramref name="max"/> changes after the cursor (empty when there is none yet) and moves
    /// past them. Changes of one channel come in commit order. A watcher that fell behind the
    /// retention → DomainException(OutOfRange, INVALID_REPLAY_ID).
    /// </summary>
    Task<IReadOnlyList<StoredChange>> ReadAsync(int max, CancellationToken cancellationToken);
}
