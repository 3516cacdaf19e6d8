using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// The channels of the ids a request names, for callers limited to some channels: a channel id
/// is itself; a usage or session id is read to find its channel (null when it does not exist or
/// is not an id: denied like a foreign one). Nothing is written.
/// </summary>
internal sealed class ChannelOwners(IUsageRepository usages, ISessionStore sessions)
{
    public async Task<List<string?>> ResolveAsync(IEnumerable<ChannelRef> references, CancellationToken cancellationToken)
    {
        var channels = new List<string?>();
        foreach (var reference in references)
        {
            if (string.IsNullOrEmpty(reference.Id))
            {
                // Not given: the request's own validation answers (InvalidArgument), nothing to check here.
                continue;
            }

            channels.Add(reference.Kind switch
            {
                ChannelRefKind.Channel => reference.Id,
                ChannelRefKind.Usage => await UsageChannelAsync(reference.Id, cancellationToken),
                _ => await SessionChannelAsync(reference.Id, cancellationToken),
            });
        }

        return channels;
    }

    private async Task<string?> UsageChannelAsync(string id, CancellationToken cancellationToken)
    {
        if (!SalesforceId.TryNormalize(id, out var id18, out _, KeyPrefixes.MessagingChannelUsage))
        {
            return null;
        }

        try
        {
            return (await usages.GetAsync(id18, cancellationToken))?.MessagingChannelId;
        }
        catch (DomainException exception) when (exception.Kind is ErrorKind.InvalidArgument or ErrorKind.NotFound)
        {
            return null;
        }
    }

    private async Task<string?> SessionChannelAsync(string id, CancellationToken cancellationToken)
    {
        if (!SalesforceId.TryNormalize(id, out var id18, out _, KeyPrefixes.MessagingSession))
        {
            return null;
        }

        try
        {
            return (await sessions.GetAsync(id18, cancellationToken))?.MessagingChannelId;
        }
        catch (DomainException exception) when (exception.Kind is ErrorKind.InvalidArgument or ErrorKind.NotFound)
        {
            return null;
        }
    }
}
