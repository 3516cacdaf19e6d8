using System.Text.Json;
using MessagingChannelUsage.Store.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>
/// Everything a probe could change, read straight from the store as JSON: both channels, their
/// usages and sessions, the end users it routes for, the channel count and the audit trail.
/// Two equal snapshots mean the call wrote nothing.
/// </summary>
internal static class StoreSnapshot
{
    public static async Task<string> TakeAsync(IServiceProvider services, ProbeWorld world)
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var token = cancellation.Token;
        var channels = services.GetRequiredService<IChannelRepository>();
        var usages = services.GetRequiredService<IUsageRepository>();
        var sessions = services.GetRequiredService<ISessionStore>();
        var endUsers = services.GetRequiredService<IEndUserStore>();
        var audit = services.GetRequiredService<IAuditLog>();
        var state = new List<object?>();
        foreach (var channelId in new[] { world.A.Id, world.B.Id })
        {
            state.Add(await channels.GetAsync(channelId, token));
            state.Add(await usages.ListByChannelAsync(channelId, token));
            state.Add((await sessions.ListAsync(new SessionQuery(channelId, PageSize: 100), token)).Items);
            state.Add(await endUsers.GetAsync(channelId, world.SessionKey, token));
            state.Add(await endUsers.GetAsync(channelId, world.ProbeKey, token));
        }

        state.Add((await channels.ListAsync(2000, null, token)).Items.Count);
        state.Add((await audit.ListAsync(new AuditQuery(null, null, null, 2000, null), token)).Items.Count);
        return JsonSerializer.Serialize(state);
    }
}
