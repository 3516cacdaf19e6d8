using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Store.Abstractions;

/// <summary>Filters for listing sessions of one channel.</summary>
public sealed record SessionQuery(
    string ChannelId,
    IReadOnlyCollection<SessionStatus>? Statuses = null,
    bool OpenOnly = false,
    string? EndUserId = null,
    int PageSize = Limits.DefaultPageSize,
    string? PageToken = null);

/// <summary>MessagingSession records (sessions are opened through <c>IEndUserStore.ApplyAsync</c>).</summary>
public interface ISessionStore
{
    Task<MessagingSession?> GetAsync(string sessionId, CancellationToken cancellationToken);

    Task<StorePage<MessagingSession>> ListAsync(SessionQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a session's status. Entering Ended or Error sets EndTime (and EndReason) and clears
    /// the end user's open-session pointer in the same atomic step. Missing → NotFound.
    /// </summary>
    Task<MessagingSession> UpdateStatusAsync(
        string sessionId,
        SessionStatus status,
        string? endReason,
        DateTimeOffset now,
        CancellationToken cancellationToken);

    /// <summary>
    /// Ends every still-open session of the channel (EndReason given). Each session is ended at
    /// most once (compare-and-set per session), so running it twice or on two instances is safe.
    /// Returns how many sessions this call ended.
    /// </summary>
    Task<int> EndOpenSessionsAsync(string channelId, string endReason, DateTimeOffset now, CancellationToken cancellationToken);
}
