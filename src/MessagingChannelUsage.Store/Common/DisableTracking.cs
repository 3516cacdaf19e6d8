using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Store.Common;

/// <summary>
/// Keeps the session auto-end schedule (domain.md §3) in step with usage writes, inside the store,
/// so the rule holds whichever service writes the usage. An entry is written BEFORE the usage
/// enters Disabled, so a crash between the two steps leaves at worst an entry the reaper drops
/// (it re-checks the usage when the entry is due). Entries are never cancelled by the store when
/// a usage leaves Disabled: a cancel racing a re-disable could delete the newer entry, while a
/// stale entry costs nothing (the reaper drops it, or re-schedules it when the usage is Disabled
/// again since another moment).
/// </summary>
internal static class DisableTracking
{
    /// <summary>The entry to schedule before writing <paramref name="updated"/>, if it enters (or re-enters) Disabled.</summary>
    public static DisableEntry? EntryToSchedule(ChannelUsage? previous, ChannelUsage updated, TimeSpan grace)
    {
        if (updated is not { DeploymentType: DeploymentType.Conversation, DeploymentStatus: DeploymentStatus.Disabled, DisabledTime: { } disabledTime })
        {
            return null;
        }

        if (previous is { DeploymentStatus: DeploymentStatus.Disabled } && previous.DisabledTime == disabledTime)
        {
            return null;
        }

        return new DisableEntry(updated.Id, updated.MessagingChannelId, disabledTime, disabledTime + grace);
    }

    /// <summary>True when the entry still describes the usage as it is now (Disabled since the same moment).</summary>
    public static bool StillDue(ChannelUsage? current, DisableEntry entry) =>
        current is { DeploymentStatus: DeploymentStatus.Disabled, DeploymentType: DeploymentType.Conversation }
        && current.DisabledTime == entry.DisabledTime;
}
