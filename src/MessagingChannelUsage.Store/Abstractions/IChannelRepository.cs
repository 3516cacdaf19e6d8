using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Store.Abstractions;

/// <summary>MessagingChannel records. Every write bumps the channel's version and publishes a change.</summary>
public interface IChannelRepository
{
    Task<MessagingChannel?> GetAsync(string channelId, CancellationToken cancellationToken);

    /// <summary>Inserts a new channel. DeveloperName taken → DomainException(AlreadyExists, DUPLICATE_VALUE).</summary>
    Task InsertAsync(MessagingChannel channel, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a channel when its stored SystemModstamp equals <paramref name="expectedModstamp"/>;
    /// otherwise DomainException(Aborted, ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE). Missing → NotFound.
    /// </summary>
    Task ReplaceAsync(MessagingChannel channel, DateTimeOffset expectedModstamp, CancellationToken cancellationToken);

    /// <summary>Channels ordered by id.</summary>
    Task<StorePage<MessagingChannel>> ListAsync(int pageSize, string? pageToken, CancellationToken cancellationToken);
}
