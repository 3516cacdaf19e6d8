using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Gateway.Sessions;

/// <summary>MessagingSession records over <see cref="ISessionStore"/>: read, list, move a status.</summary>
internal sealed class SessionApplication(ISessionStore sessions, TimeProvider time)
{
    public async Task<MessagingSession> GetAsync(string id, CancellationToken cancellationToken)
        => await sessions.GetAsync(id, cancellationToken)
            ?? throw new DomainException(ErrorKind.NotFound, ErrorCodes.NotFound, "id", $"No MessagingSession with id {id}.");

    public Task<StorePage<MessagingSession>> ListAsync(SessionQuery query, CancellationToken cancellationToken)
        => sessions.ListAsync(query, cancellationToken);

    /// <summary>Entering Ended or Error sets EndTime (now) and EndReason; the store does it atomically.</summary>
    public Task<MessagingSession> UpdateStatusAsync(string id, SessionStatus status, string? endReason, CancellationToken cancellationToken)
        => sessions.UpdateStatusAsync(id, status, endReason, time.GetUtcNow(), cancellationToken);
}
