using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Store.Abstractions;

/// <summary>MessagingChannelUsage records. Every write bumps the channel's version and publishes a change.</summary>
public interface IUsageRepository
{
    Task<ChannelUsage?> GetAsync(string usageId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ChannelUsage>> ListByChannelAsync(string channelId, CancellationToken cancellationToken);

    /// <summary>Every usage (the query() call filters in process; a usage table is small: ≤3 per channel).</summary>
    Task<IReadOnlyList<ChannelUsage>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inserts atomically: the channel already has a usage of that DeploymentType, or already has
    /// three → DomainException(AlreadyExists, DUPLICATE_VALUE, field DeploymentType).
    /// </summary>
    Task InsertAsync(ChannelUsage usage, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces atomically when the stored SystemModstamp equals <paramref name="expectedModstamp"/>;
    /// otherwise DomainException(Aborted, ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE). Missing → NotFound.
    /// </summary>
    Task ReplaceAsync(ChannelUsage usage, DateTimeOffset expectedModstamp, CancellationToken cancellationToken);
}
