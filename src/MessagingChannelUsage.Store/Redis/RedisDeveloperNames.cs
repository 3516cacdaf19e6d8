using System.Globalization;
using MessagingChannelUsage.Store.Common;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// DeveloperName uniqueness across channels. The index is a global hash (its own slot), so it
/// cannot join a channel's script on a cluster: a name is RESERVED (compare-and-set) before the
/// channel is written and released when the write fails or the channel is renamed. A reservation
/// whose channel does not hold the name is taken over: the channel was renamed (its old name was
/// not released before a crash), or its insert never completed (the reservation is older than
/// <see cref="OrphanAge"/>; a younger one may be an insert in flight, so it still counts).
/// </summary>
internal sealed class RedisDeveloperNames(RedisContext context, TimeProvider time)
{
    private static readonly TimeSpan OrphanAge = TimeSpan.FromMinutes(1);

    public async Task ReserveAsync(string developerName, string channelId)
    {
        var field = Field(developerName);
        var value = string.Concat(channelId, "|", time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var current = (string?)await context.Db.HashGetAsync(context.Keys.DeveloperNames, field);
            if (current is not null)
            {
                var (owner, reservedAt) = Parse(current);
                if (string.Equals(owner, channelId, StringComparison.Ordinal))
                {
                    return;
                }

                var ownerName = (string?)await context.Db.HashGetAsync(context.Keys.Channel(owner), "dn");
                var ownerHoldsIt = ownerName is not null && string.Equals(Field(ownerName), field, StringComparison.Ordinal);
                var insertMayBeInFlight = ownerName is null && time.GetUtcNow() - reservedAt < OrphanAge;
                if (ownerHoldsIt || insertMayBeInFlight)
                {
                    throw StoreErrors.DuplicateDeveloperName(developerName);
                }
            }

            if (await CompareAndSetAsync(field, current ?? string.Empty, value))
            {
                return;
            }
        }

        throw StoreErrors.DuplicateDeveloperName(developerName);
    }

    /// <summary>Releases the name if <paramref name="channelId"/> still holds it.</summary>
    public async Task ReleaseAsync(string developerName, string channelId)
    {
        var field = Field(developerName);
        var current = (string?)await context.Db.HashGetAsync(context.Keys.DeveloperNames, field);
        if (current is not null && string.Equals(Parse(current).Owner, channelId, StringComparison.Ordinal))
        {
            await CompareAndSetAsync(field, current, string.Empty);
        }
    }

    /// <summary>Salesforce compares DeveloperNames without case.</summary>
    public static string Field(string developerName) => developerName.ToLowerInvariant();

    private async Task<bool> CompareAndSetAsync(string field, string expected, string value)
    {
        var done = await context.Db.ScriptEvaluateAsync(
            RedisScripts.CompareAndSetField,
            [context.Keys.DeveloperNames],
            [field, expected, value]);
        return (int)done == 1;
    }

    private static (string Owner, DateTimeOffset ReservedAt) Parse(string value)
    {
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0)
        {
            return (value, DateTimeOffset.MinValue);
        }

        var ms = long.TryParse(value.AsSpan(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        return (value[..bar], DateTimeOffset.FromUnixTimeMilliseconds(ms));
    }
}
