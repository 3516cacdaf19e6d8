using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Store.Common;

/// <summary>Comparison used by <c>IEndUserStore.ApplyAsync</c>'s expected-state check.</summary>
internal static class EndUserStates
{
    /// <summary>
    /// True when a decision made on <paramref name="expected"/> still holds for
    /// <paramref name="current"/>: same consent and same open session (by id; a session's move
    /// between open statuses does not change routing). An end user without a record and one with
    /// no consent and no open session are the same to routing.
    /// </summary>
    public static bool SameForRouting(EndUserState expected, EndUserState current) =>
        expected.ConsentStatus == current.ConsentStatus
        && string.Equals(OpenId(expected), OpenId(current), StringComparison.Ordinal);

    private static string? OpenId(EndUserState state) => state.HasOpenSession ? state.OpenSessionId : null;
}
