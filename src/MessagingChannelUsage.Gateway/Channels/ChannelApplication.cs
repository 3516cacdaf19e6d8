using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Gateway.Security;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Keywords;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Gateway.Channels;

/// <summary>
/// MessagingChannel records: create, get, update (full record; a system_modstamp sent with it must
/// still be current; the write is CAS on the SystemModstamp read), list. Keywords are stored as
/// given; routing keeps normalised copies in its snapshot. Every rule (the routing core's
/// <see cref="ChannelValidator"/>) runs before the one store write.
/// </summary>
/// <remarks>
/// Decisions: an id given on create is kept (channels can be imported from an org as they are);
/// an update passes <see cref="ChannelUpdateRules"/> (ChannelKind and MessageType cannot change),
/// the same check Simulate's proposed channel passes.
/// </remarks>
internal sealed class ChannelApplication(IChannelRepository channels, ModstampClock clock, ILogger<ChannelApplication> logger)
{
    /// <summary>Creates the channel; an empty <see cref="MessagingChannel.Id"/> draws a new id.</summary>
    public async Task<MessagingChannel> CreateAsync(MessagingChannel request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Id.Length == 0 ? SalesforceId.NewId(KeyPrefixes.MessagingChannel) : request.Id;
        var now = clock.Now();
        // Absent OptOutKeywords / HelpKeywords get the defaults of domain.md §1 (create only).
        var channel = KeywordDefaults.ApplyTo(request with { Id = id }) with
        {
            CreatedDate = now,
            LastModifiedDate = now,
            SystemModstamp = now,
        };
        RecordErrors.ThrowIfAny(ChannelValidator.Validate(channel));
        await channels.InsertAsync(channel, cancellationToken);
        RecordLog.ChannelCreated(logger, channel.Id, channel.DeveloperName);
        return channel;
    }

    public async Task<MessagingChannel> GetAsync(string id, CancellationToken cancellationToken)
        => await channels.GetAsync(id, cancellationToken)
            ?? throw RecordErrors.NotFound("MessagingChannel", id, "id");

    /// <summary>
    /// Replaces the whole record. <paramref name="readStamp"/> is the SystemModstamp the client
    /// read the record with, if it sent one.
    /// </summary>
    public async Task<MessagingChannel> UpdateAsync(MessagingChannel request, DateTimeOffset? readStamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Id;
        var current = await GetAsync(id, cancellationToken);
        // A record read earlier and sent back carries the stamp it was read with: if the channel
        // changed since, this full replacement would undo that change, so it fails instead.
        if (readStamp is { } stamp && stamp != current.SystemModstamp)
        {
            throw RecordErrors.StaleModstamp(id, stamp, current.SystemModstamp);
        }

        var updated = request with
        {
            CreatedDate = current.CreatedDate,
        };
        RecordErrors.ThrowIfAny(ChannelUpdateRules.Validate(current, updated));
        var written = clock.After(current.SystemModstamp);
        updated = updated with { LastModifiedDate = written, SystemModstamp = written };
        // CAS on the stamp read: a concurrent full-record update fails rather than being lost.
        await channels.ReplaceAsync(updated, current.SystemModstamp, cancellationToken);
        RecordLog.ChannelUpdated(logger, id);
        return updated;
    }

    /// <summary>
    /// Channels ordered by id. A caller limited to some channels gets only those (read one by
    /// one: such a list is short), paged by id; others page through the store's listing.
    /// </summary>
    public async Task<StorePage<MessagingChannel>> ListAsync(int pageSize, string? pageToken, ChannelAccess visible, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visible);
        if (visible.IsAll)
        {
            return await channels.ListAsync(pageSize, pageToken, cancellationToken);
        }

        var ids = visible.Channels
            .Where(id => pageToken is null || string.CompareOrdinal(id, pageToken) > 0)
            .Order(StringComparer.Ordinal)
            .ToList();
        var page = new List<MessagingChannel>(Math.Min(pageSize, ids.Count));
        string? last = null;
        foreach (var id in ids)
        {
            if (page.Count == pageSize)
            {
                return new StorePage<MessagingChannel>(page, last);
            }

            last = id;
            if (await channels.GetAsync(id, cancellationToken) is { } channel)
            {
                page.Add(channel);
            }
        }

        return new StorePage<MessagingChannel>(page, null);
    }
}
