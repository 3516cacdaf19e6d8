using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Store.Common;

/// <summary>
/// Keeps the session auto-end schedule (domain.md §3) in step with usage writes. The store is its
/// one owner, so the rule holds whichever service writes the usage. An entry is written BEFORE
/// the usage enters Disabled, so a crash between the two steps leaves at worst an entry the
/// reaper drops (it re-checks the usage when the entry is due). When a usage leaves Disabled, the
/// entry of that disabled period is cancelled AFTER the write, and only that entry: a usage
/// disabled again meanwhile has a newer entry (a later DisabledTime), which the cancel leaves in
/// place, so a cancel racing a re-disable never loses the newer one.
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

    /// <summary>The entry to cancel after writing <paramref name="updated"/>, if it left the disabled period of <paramref name="previous"/>.</summary>
    public static DisableEntry? EntryToCancel(ChannelUsage previous, ChannelUsage updated, TimeSpan grace)
    {
        if (previous is not { DeploymentType: DeploymentType.Conversation, DeploymentStatus: DeploymentStatus.Disabled, DisabledTime: { } disabledTime }
            || updated is { DeploymentStatus: DeploymentStatus.Disabled } && updated.DisabledTime == disabledTime)
        {
            return null;
        }

        return new DisableEntry(previous.Id, previous.MessagingChannelId, disabledTime, disabledTime + grace);
    }
}
