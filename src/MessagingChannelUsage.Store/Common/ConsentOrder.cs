using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Store.Common;

/// <summary>
/// Consent changes of one end user are ordered by the time they were made: a change older than the
/// last one applied is skipped, so a write that arrives late (its caller timed out, another
/// instance acknowledged a newer change meanwhile) never overrides the newer change. On a tie an
/// opt-out wins (compliance first). The Redis store runs the same rule inside its Apply script.
/// </summary>
internal static class ConsentOrder
{
    public static bool Applies(DateTimeOffset changeTime, DateTimeOffset? lastChangeTime, ConsentStatus consent) =>
        lastChangeTime is not { } last
        || changeTime > last
        || (changeTime == last && consent == ConsentStatus.OptedOut);
}
