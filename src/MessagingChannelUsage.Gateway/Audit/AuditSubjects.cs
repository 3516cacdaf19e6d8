using Google.Protobuf;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Store.Abstractions;
using Domain = MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Audit;

/// <summary>
/// The records an admin write is about, read from the store: before the write, every record
/// the request may change (none for a create; for an upsert by channel + type, the channel's
/// usages); after it, the record the response names. Old values are read just before the write,
/// so a concurrent write by someone else in between would be attributed to this one (admin
/// writes are rare; the record's SystemModstamp in the changes tells them apart).
/// </summary>
internal sealed class AuditSubjects(IChannelRepository channels, IUsageRepository usages, ISessionStore sessions)
{
    /// <summary>The domain records the request may change, keyed by id.</summary>
    public async Task<Dictionary<string, object>> BeforeAsync(IMessage request, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, object>(StringComparer.Ordinal);
        switch (request)
        {
            case MessagingChannel channel:
                Add(found, await ChannelAsync(channel.Id, cancellationToken));
                break;
            case Protos.V1.MessagingChannelUsage usage:
                Add(found, await UsageAsync(usage.Id, cancellationToken));
                if (Normalize(usage.MessagingChannelId, KeyPrefixes.MessagingChannel) is { } channelId)
                {
                    foreach (var existing in await usages.ListByChannelAsync(channelId, cancellationToken))
                    {
                        Add(found, existing);
                    }
                }

                break;
            case UpdateUsageRequest update:
                Add(found, await UsageAsync(update.Usage?.Id, cancellationToken));
                break;
            case DeploymentRequest deployment:
                Add(found, await UsageAsync(deployment.UsageId, cancellationToken));
                break;
            case ProvisioningResult result:
                Add(found, await UsageAsync(result.UsageId, cancellationToken));
                break;
            case UpdateSessionStatusRequest session:
                Add(found, await SessionAsync(session.Id, cancellationToken));
                break;
        }

        return found;
    }

    /// <summary>The object name, id and channel of the record a write answered with, and that record as stored now.</summary>
    public async Task<(string ObjectName, string Id, string? ChannelId, object? Record)> AfterAsync(IMessage response, CancellationToken cancellationToken)
    {
        switch (response)
        {
            case MessagingChannel channel:
                return ("MessagingChannel", channel.Id, channel.Id, await ChannelAsync(channel.Id, cancellationToken));
            case Protos.V1.MessagingChannelUsage usage:
                return ("MessagingChannelUsage", usage.Id, usage.MessagingChannelId, await UsageAsync(usage.Id, cancellationToken));
            case MessagingSession session:
                var stored = await SessionAsync(session.Id, cancellationToken);
                return ("MessagingSession", session.Id, stored?.MessagingChannelId, stored);
            default:
                var idField = response.Descriptor.FindFieldByName("id");
                var id = idField?.Accessor.GetValue(response) as string ?? string.Empty;
                return (response.Descriptor.Name, id, null, null);
        }
    }

    private static void Add(Dictionary<string, object> found, object? record)
    {
        var id = record switch
        {
            Domain.MessagingChannel channel => channel.Id,
            Domain.ChannelUsage usage => usage.Id,
            Domain.MessagingSession session => session.Id,
            _ => null,
        };
        if (id is not null)
        {
            found[id] = record!;
        }
    }

    private async Task<Domain.MessagingChannel?> ChannelAsync(string? id, CancellationToken cancellationToken)
        => Normalize(id, KeyPrefixes.MessagingChannel) is { } id18 ? await channels.GetAsync(id18, cancellationToken) : null;

    private async Task<Domain.ChannelUsage?> UsageAsync(string? id, CancellationToken cancellationToken)
        => Normalize(id, KeyPrefixes.MessagingChannelUsage) is { } id18 ? await usages.GetAsync(id18, cancellationToken) : null;

    private async Task<Domain.MessagingSession?> SessionAsync(string? id, CancellationToken cancellationToken)
        => Normalize(id, KeyPrefixes.MessagingSession) is { } id18 ? await sessions.GetAsync(id18, cancellationToken) : null;

    private static string? Normalize(string? id, string prefix)
        => !string.IsNullOrEmpty(id) && SalesforceId.TryNormalize(id, out var id18, out _, prefix) ? id18 : null;
}
