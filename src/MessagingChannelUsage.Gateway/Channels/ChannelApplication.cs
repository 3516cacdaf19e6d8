using MessagingChannelUsage.Gateway.Mapping.Admin;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Keywords;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;
using MessagingChannelUsage.Store.Abstractions;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Admin;

/// <summary>
/// MessagingChannelService: create, get, update (full record; a system_modstamp sent with it must
/// still be current; the write is CAS on the SystemModstamp read),
/// list. Keywords are stored as given; routing keeps normalised copies in its snapshot. Every
/// rule (the routing core's <see cref="ChannelValidator"/>) runs before the one store write.
/// </summary>
/// <remarks>
/// Decisions: an id given on create is kept (channels can be imported from an org as they are);
/// ChannelKind and MessageType cannot change on update (FIELD_INTEGRITY_EXCEPTION): the usages
/// were validated against them (an Enhanced channel has exactly one Conversation usage).
/// </remarks>
internal sealed class ChannelAdmin(IChannelRepository channels, ModstampClock clock, ILogger<ChannelAdmin> logger)
{
    private const int DefaultPageSize = 100;

    public async Task<Proto.MessagingChannel> CreateAsync(Proto.MessagingChannel request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckIdSizes(request);
        var id = request.Id.Length == 0
            ? SalesforceId.NewId(KeyPrefixes.MessagingChannel)
            : IdArgument.Parse(request.Id, KeyPrefixes.MessagingChannel, "id");
        var now = clock.Now();
        // Absent OptOutKeywords / HelpKeywords get the defaults of domain.md §1 (create only).
        var channel = KeywordDefaults.ApplyTo(request.ToDomain(id, FallbackQueueId(request))) with
        {
            CreatedDate = now,
            LastModifiedDate = now,
            SystemModstamp = now,
        };
        AdminErrors.ThrowIfAny(ChannelValidator.Validate(channel));
        await channels.InsertAsync(channel, cancellationToken).ConfigureAwait(false);
        AdminLog.ChannelCreated(logger, channel.Id, channel.DeveloperName);
        return channel.ToProto();
    }

    public async Task<Proto.MessagingChannel> GetAsync(string idText, CancellationToken cancellationToken)
    {
        new AdminLimits.Check().Text(idText, AdminLimits.IdText, "id").ThrowIfAny();
        var id = IdArgument.Parse(idText, KeyPrefixes.MessagingChannel, "id");
        var channel = await channels.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw AdminErrors.NotFound("MessagingChannel", id, "id");
        return channel.ToProto();
    }

    public async Task<Proto.MessagingChannel> UpdateAsync(Proto.MessagingChannel request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckIdSizes(request);
        var id = IdArgument.Parse(request.Id, KeyPrefixes.MessagingChannel, "id");
        var current = await channels.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw AdminErrors.NotFound("MessagingChannel", id, "id");
        // A record read earlier and sent back carries the stamp it was read with: if the channel
        // changed since, this full replacement would undo that change, so it fails instead.
        if (ProtoTime.FromProto(request.SystemModstamp) is { } readStamp && readStamp != current.SystemModstamp)
        {
            throw AdminErrors.StaleModstamp(id, readStamp, current.SystemModstamp);
        }

        var updated = request.ToDomain(id, FallbackQueueId(request)) with
        {
            CreatedDate = current.CreatedDate,
        };
        var errors = ChannelValidator.Validate(updated);
        if ((int)updated.Kind != 0 && updated.Kind != current.Kind)
        {
            errors = errors.Add(new FieldError(ErrorCodes.FieldIntegrityException, ChannelValidator.ChannelKindField,
                $"ChannelKind cannot change (it is {current.Kind})."));
        }

        if ((int)updated.MessageType != 0 && updated.MessageType != current.MessageType)
        {
            errors = errors.Add(new FieldError(ErrorCodes.FieldIntegrityException, ChannelValidator.MessageTypeField,
                $"MessageType cannot change (it is {current.MessageType})."));
        }

        AdminErrors.ThrowIfAny(errors);
        var stamp = clock.After(current.SystemModstamp);
        updated = updated with { LastModifiedDate = stamp, SystemModstamp = stamp };
        // CAS on the stamp read: a concurrent full-record update fails rather than being lost.
        await channels.ReplaceAsync(updated, current.SystemModstamp, cancellationToken).ConfigureAwait(false);
        AdminLog.ChannelUpdated(logger, id);
        return updated.ToProto();
    }

    public async Task<Proto.ListChannelsResponse> ListAsync(Proto.ListChannelsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        new AdminLimits.Check().Text(request.PageToken, AdminLimits.PageToken, "page_token").ThrowIfAny();
        if (request.PageSize < 0)
        {
            throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.FieldIntegrityException, "page_size", "page_size cannot be negative.");
        }

        var pageSize = request.PageSize == 0 ? DefaultPageSize : Math.Min(request.PageSize, AdminLimits.MaxPageSize);
        var page = await channels.ListAsync(pageSize, request.PageToken.Length == 0 ? null : request.PageToken, cancellationToken).ConfigureAwait(false);
        var response = new Proto.ListChannelsResponse { NextPageToken = page.NextPageToken ?? string.Empty };
        foreach (var channel in page.Items)
        {
            response.Channels.Add(channel.ToProto());
        }

        return response;
    }

    /// <summary>The 18-character form when well formed; else the raw text, which the validator names.</summary>
    private static string? FallbackQueueId(Proto.MessagingChannel request)
        => request.FallbackQueueId.Length == 0 ? null
            : SalesforceId.TryNormalize(request.FallbackQueueId, out var id18, out _) ? id18 : request.FallbackQueueId;

    private static void CheckIdSizes(Proto.MessagingChannel request)
        => new AdminLimits.Check()
            .Text(request.Id, AdminLimits.IdText, "id")
            .Text(request.FallbackQueueId, AdminLimits.IdText, ChannelValidator.FallbackQueueIdField)
            .ThrowIfAny();
}
