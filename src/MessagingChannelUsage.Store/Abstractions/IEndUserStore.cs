using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;

namespace MessagingChannelUsage.Store.Abstractions;

/// <summary>Outcome of <c>IEndUserStore.ApplyAsync</c>.</summary>
/// <param name="Applied">False when the stored state no longer matched the expected state (nothing written).</param>
/// <param name="State">The state after the write, or the current state on a conflict.</param>
/// <param name="RecordKept">True when the store kept the idempotency record with the effects (the caller keeps it otherwise).</param>
/// <param name="Announced">True when the write published a change message for the end user (Redis: its key on the end-user changes channel), so the near cache can tell its own message from a later one.</param>
public readonly record struct ApplyResult(bool Applied, EndUserState State, bool RecordKept = false, bool Announced = false);

/// <summary>End users, their consent and their open-session pointer.</summary>
public interface IEndUserStore
{
    /// <summary>The routing view of one end user, in ONE round trip. Unknown end user → <see cref="EndUserState.Unknown"/>.</summary>
    Task<EndUserState> GetStateAsync(string channelId, string platformKey, CancellationToken cancellationToken);

    /// <summary>
    /// The routing views of several end users, in the order given, in ONE round trip where the
    /// store has round trips (e.g. the reads of a RouteStream window that missed the near cache).
    /// Each answer is what <see cref="GetStateAsync"/> answers; when the round trip fails, the
    /// whole read fails. This default reads them one by one, all started before any is awaited.
    /// </summary>
    async Task<EndUserState[]> GetStatesAsync(IReadOnlyList<EndUserRef> endUsers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endUsers);
        var reads = new Task<EndUserState>[endUsers.Count];
        for (var i = 0; i < reads.Length; i++)
        {
            reads[i] = GetStateAsync(endUsers[i].ChannelId, endUsers[i].PlatformKey, cancellationToken);
        }

        return await Task.WhenAll(reads);
    }

    /// <summary>
    /// Applies <paramref name="effects"/> atomically: creates the end user if absent, sets consent,
    /// opens a session (Status New, the given origin) when there is no open one. When
    /// <paramref name="expected"/> is given and the stored consent or open session differ from it,
    /// nothing is written and <see cref="ApplyResult.Applied"/> is false (the caller re-decides).
    /// When null, the write is unconditional (opt-out needs no read).
    /// </summary>
    Task<ApplyResult> ApplyAsync(
        string channelId,
        string platformKey,
        EndUserState? expected,
        EndUserEffects effects,
        DateTimeOffset now,
        CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="ApplyAsync(string, string, EndUserState?, EndUserEffects, DateTimeOffset, CancellationToken)"/>,
    /// and when the effects are applied, also the idempotency <paramref name="record"/> in the same
    /// atomic write, if the store can (<see cref="ApplyResult.RecordKept"/>). A store that cannot
    /// (the in-process one: keeping it costs no round trip there) leaves it to the caller.
    /// </summary>
    Task<ApplyResult> ApplyAsync(
        string channelId,
        string platformKey,
        EndUserState? expected,
        EndUserEffects effects,
        DateTimeOffset now,
        IdempotencyRecordWrite? record,
        CancellationToken cancellationToken)
        => ApplyAsync(channelId, platformKey, expected, effects, now, cancellationToken);

    Task<MessagingEndUser?> GetAsync(string channelId, string platformKey, CancellationToken cancellationToken);
}
